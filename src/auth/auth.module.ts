import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AccountService } from './account.service';
import { AdminController } from './admin.controller';
import { AuthController } from './auth.controller';
import { LockdownService } from './lockdown.service';
import { LoginFailures } from './login-failures';
import { LoginThrottle } from './login-throttle';
import { SignInService } from './sign-in.service';
import { TotpService } from './totp/totp.service';

/** Sign-in, sessions, TOTP, own password, lockdown. Sessions themselves live in AccessModule. */
@Module({
  imports: [UsersModule],
  controllers: [AuthController, AdminController],
  providers: [SignInService, AccountService, LoginFailures, LoginThrottle, TotpService, LockdownService],
  exports: [SignInService, TotpService, LockdownService],
})
export class AuthModule {}
