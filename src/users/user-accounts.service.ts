import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** The sign-in state of an account that auth keeps (failed attempts, lock, TOTP, wrapped keys). */
export type AccountChanges = Partial<
  Pick<
    User,
    | 'failedAttempts'
    | 'lockedUntil'
    | 'totpSecret'
    | 'totpConfirmed'
    | 'totpLastStep'
    | 'publicKey'
    | 'wrappedPrivateKey'
    | 'kdfSalt'
    | 'kdfParams'
    | 'passwordVerifier'
  >
>;

/**
 * The users feature's entry point for sign-in and own-account changes (the auth feature): reads
 * and locks account rows and writes the sign-in state, in the caller's transaction. Roles, names,
 * disabling and deletion stay with UsersService.
 */
@Injectable()
export class UserAccountsService {
  constructor(private readonly users: UsersRepository) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.transaction(work);
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findById(id, manager);
  }

  findByUsername(username: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findByUsername(username, manager);
  }

  /** The account row, locked until the transaction ends (see UsersRepository.lockForUpdate). */
  lockForUpdate(manager: EntityManager, id: string): Promise<User | null> {
    return this.users.lockForUpdate(manager, id);
  }

  update(manager: EntityManager, id: string, changes: AccountChanges): Promise<void> {
    return this.users.update(manager, id, changes);
  }

  /** True when this call accepted `step` as the newest TOTP step (a replayed code loses). */
  acceptTotpStep(manager: EntityManager, id: string, step: number): Promise<boolean> {
    return this.users.acceptTotpStep(manager, id, step);
  }

  adminExists(): Promise<boolean> {
    return this.users.adminExists();
  }
}
