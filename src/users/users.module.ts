import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { RecoveryService } from './recovery.service';
import { UserAccessListeners } from './user-access-listeners';
import { UserAccountsService } from './user-accounts.service';
import { UserKeysService } from './user-keys.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { CryptoPoolModule } from '../crypto-pool/crypto-pool.module';
import { KeysModule } from '../keys/keys.module';
import { SessionsModule } from '../sessions/sessions.module';

/** Accounts and their administration (admin routes under /users). */
@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    AccessModule,
    AuditModule,
    CryptoPoolModule,
    KeysModule,
    SessionsModule,
  ],
  controllers: [UsersController],
  providers: [
    UsersRepository,
    UsersService,
    UserAccountsService,
    UserKeysService,
    RecoveryService,
    UserAccessListeners,
  ],
  exports: [UsersService, UserAccountsService, UserKeysService, RecoveryService, UserAccessListeners],
})
export class UsersModule {}
