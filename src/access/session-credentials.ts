import type { Principal } from './principal';

/**
 * The session token of each authenticated request, kept off the Principal object (which services
 * pass around and might log): only CaseAccessService reads it, to unwrap the session's user key
 * on demand. A WeakMap, so that it goes away with the request.
 */
const tokens = new WeakMap<Principal, string>();

export function attachSessionToken(principal: Principal, token: string): void {
  tokens.set(principal, token);
}

export function sessionTokenOf(principal: Principal): string | undefined {
  return tokens.get(principal);
}
