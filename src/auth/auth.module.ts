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
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';

/** Sign-in, TOTP, own password, lockdown. Sessions themselves live in SessionsModule. */
@Module({
  imports: [UsersModule, AccessModule, AuditModule, SessionsModule],
  controllers: [AuthController, AdminController],
  providers: [SignInService, AccountService, LoginFailures, LoginThrottle, TotpService, LockdownService],
  exports: [SignInService, TotpService, LockdownService],
})
export class AuthModule {}
