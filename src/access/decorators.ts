import { SetMetadata } from '@nestjs/common';
import { Permission } from './permissions';

export const PUBLIC_ROUTE = 'corridor:public';
export const REQUIRED_PERMISSIONS = 'corridor:permissions';

/** Opens a route to anyone, without a session. Every other route needs a declared permission. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission(s) a caller's roles must hold for this route (all of them). */
export const RequirePermission = (...permissions: Permission[]) =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);
