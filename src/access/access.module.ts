import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { NoSessionAuthenticator, SessionAuthenticator } from './principal';

/**
 * Installs the deny-by-default guard. The accounts feature overrides `SessionAuthenticator` with
 * its Redis-backed sessions.
 */
@Global()
@Module({
  providers: [
    { provide: SessionAuthenticator, useClass: NoSessionAuthenticator },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionAuthenticator],
})
export class AccessModule {}
