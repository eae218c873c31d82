import { Module } from '@nestjs/common';
import { Clock } from './clock';

/**
 * Permissions, principals, the route decorators and the guard's rules (all plain code), and the
 * clock. The guard is installed by SessionsModule, which provides the SessionAuthenticator that
 * this feature defines.
 */
@Module({ providers: [Clock], exports: [Clock] })
export class AccessModule {}
