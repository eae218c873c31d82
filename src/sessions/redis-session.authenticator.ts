import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Principal, SessionAuthenticator } from '../access/principal';
import { ENROLMENT_ONLY_PERMISSIONS, permissionsFor } from '../access/role-permissions';
import { attachSessionToken } from '../access/session-credentials';
import { SessionStore } from './session-store';

/** `Authorization: Bearer <token>` → the caller, from the Redis session store. */
@Injectable()
export class RedisSessionAuthenticator extends SessionAuthenticator {
  constructor(private readonly sessions: SessionStore) {
    super();
  }

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const token = bearerToken(request);
    if (!token) return null;
    const session = await this.sessions.resolve(token);
    if (!session) return null;
    const principal: Principal = {
      userId: session.userId,
      sessionId: session.id,
      roles: session.roles,
      permissions: session.enrolmentOnly ? ENROLMENT_ONLY_PERMISSIONS : permissionsFor(session.roles),
    };
    attachSessionToken(principal, token);
    return principal;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header.trim());
  return match ? match[1] : null;
}
