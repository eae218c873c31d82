import type { FastifyRequest } from 'fastify';
import { Permission, Role } from './permissions';

/** Who is calling, as established by a session. */
export interface Principal {
  userId: string;
  sessionId: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
}

/**
 * Resolves the caller of a request from its credentials. The sessions feature provides the
 * implementation (Redis-backed sessions); access owns only this interface, so that it does not
 * depend on sessions.
 */
export abstract class SessionAuthenticator {
  abstract authenticate(request: FastifyRequest): Promise<Principal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
