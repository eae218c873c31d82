import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../access/permissions';

/** A caseworker account (see the Users migration for what each column may hold). */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  @Column({ name: 'public_key', type: 'bytea' })
  publicKey: Buffer;

  @Column({ name: 'wrapped_private_key', type: 'bytea' })
  wrappedPrivateKey: Buffer;

  @Column({ name: 'kdf_salt', type: 'bytea' })
  kdfSalt: Buffer;

  /** `argon2id:t=…,m=…` (crypto formatKdfParams), kept per user so the cost can be raised later. */
  @Column({ name: 'kdf_params', type: 'text' })
  kdfParams: string;

  @Column({ name: 'password_verifier', type: 'bytea' })
  passwordVerifier: Buffer;

  /** Encrypted under the server TOTP key, bound to this row; pending until confirmed. */
  @Column({ name: 'totp_secret', type: 'bytea', nullable: true })
  totpSecret: Buffer | null;

  @Column({ name: 'totp_confirmed', type: 'boolean', default: false })
  totpConfirmed: boolean;

  /** The last accepted TOTP time step: a code is accepted once only. */
  @Column({
    name: 'totp_last_step',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  totpLastStep: number | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
