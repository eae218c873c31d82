import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { RecoveryService } from './recovery.service';
import { UserAccessListeners } from './user-access-listeners';
import { UserKeysService } from './user-keys.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Accounts and their administration (admin routes under /users). */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UserKeysService, RecoveryService, UserAccessListeners],
  exports: [UsersRepository, UsersService, UserKeysService, RecoveryService, UserAccessListeners],
})
export class UsersModule {}
