import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CommonErrorCode, commonError } from '../common/errors';
import { Permission } from './permissions';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'corridor:public';
export const REQUIRED_PERMISSIONS = 'corridor:permissions';

/** Opens a route to anyone, without a session. Every other route needs a declared permission. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission(s) a caller's roles must hold for this route (all of them). */
export const RequirePermission = (...permissions: Permission[]) =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);

/** The authenticated caller of this request (set by the guard on permission routes). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw commonError(CommonErrorCode.UNAUTHENTICATED);
    return principal;
  },
);
