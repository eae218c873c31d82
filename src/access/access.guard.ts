import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { CommonErrorCode, commonError } from '../common/errors';
import { PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from './decorators';
import { Permission } from './permissions';
import { SessionAuthenticator } from './principal';

/**
 * The global guard: denies every route by default. A route opens itself with `@Public()` or
 * `@RequirePermission(...)`; a route with neither is refused for everyone, so that forgetting to
 * declare access fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(
      REQUIRED_PERMISSIONS,
      targets,
    );
    if (!required || required.length === 0) {
      this.logger.warn({ handler: context.getHandler().name }, 'route declares no access rule; denied');
      throw commonError(CommonErrorCode.FORBIDDEN);
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.sessions.authenticate(request);
    if (!principal) throw commonError(CommonErrorCode.UNAUTHENTICATED);
    request.principal = principal;
    if (!required.every((p) => principal.permissions.has(p))) throw commonError(CommonErrorCode.FORBIDDEN);
    return true;
  }
}
