import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../access/permissions';

/** What an account could do before and after a change; `after` is null when it was deleted. */
export interface UserAccessChange {
  userId: string;
  before: { roles: readonly Role[]; disabled: boolean };
  after: { roles: readonly Role[]; disabled: boolean } | null;
}

/** A feature that must act when an account loses (or gains) roles, is disabled or deleted. */
export interface UserAccessListener {
  /** Runs inside the change's transaction: throwing undoes the change. */
  userAccessChanged(manager: EntityManager, change: UserAccessChange): Promise<void>;
}

/**
 * Owned by the users feature so that it need not know who listens (teams rotate their key when a
 * member leaves): listeners register themselves at start-up, UsersService calls them in its
 * transactions, in registration order.
 */
@Injectable()
export class UserAccessListeners {
  private readonly listeners: UserAccessListener[] = [];

  register(listener: UserAccessListener): void {
    this.listeners.push(listener);
  }

  async notify(manager: EntityManager, change: UserAccessChange): Promise<void> {
    for (const listener of this.listeners) await listener.userAccessChanged(manager, change);
  }
}
