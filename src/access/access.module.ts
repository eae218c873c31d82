import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RedisSessionAuthenticator } from '../auth/session/redis-session.authenticator';
import { SessionStore } from '../auth/session/session-store';
import { AccessGuard } from './access.guard';
import { CaseAccessService } from './case-access.service';
import { Clock } from './clock';
import { SessionAuthenticator } from './principal';

/**
 * Installs the deny-by-default guard with the Redis-backed sessions, and offers every feature the
 * clock, the session store and the case access helper (the only way to a case key).
 */
@Global()
@Module({
  providers: [
    Clock,
    SessionStore,
    { provide: SessionAuthenticator, useClass: RedisSessionAuthenticator },
    { provide: APP_GUARD, useClass: AccessGuard },
    CaseAccessService,
  ],
  exports: [SessionAuthenticator, SessionStore, Clock, CaseAccessService],
})
export class AccessModule {}
