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
 * Resolves the caller of a request from its credentials. The accounts feature provides the real
 * implementation (Redis-backed sessions); until then no request is authenticated.
 */
export abstract class SessionAuthenticator {
  abstract authenticate(request: FastifyRequest): Promise<Principal | null>;
}

export class NoSessionAuthenticator extends SessionAuthenticator {
  async authenticate(): Promise<Principal | null> {
    return null;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
