import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from '../access/access.guard';
import { AccessModule } from '../access/access.module';
import { SessionAuthenticator } from '../access/principal';
import { RedisSessionAuthenticator } from './redis-session.authenticator';
import { SessionStore } from './session-store';

/**
 * Caseworker sessions in Redis, and the deny-by-default guard that authenticates them (access
 * defines the guard and the SessionAuthenticator it needs; this feature provides both).
 */
@Module({
  imports: [AccessModule],
  providers: [
    SessionStore,
    { provide: SessionAuthenticator, useClass: RedisSessionAuthenticator },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionStore, SessionAuthenticator],
})
export class SessionsModule {}
