import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Principal, SessionAuthenticator } from '../../../src/access/principal';
import { generateUserKeyPair, toBase64Url, type KeyPair } from '../../../src/crypto';
import { PartnersService } from '../../../src/partners/partners.service';
import type { TestApp } from '../test-app';

let counter = 0;

/** The principal of a session token, as the guard resolves it (for calling services directly). */
export async function principalOf(t: TestApp, token: string): Promise<Principal> {
  const principal = await t.app
    .get(SessionAuthenticator, { strict: false })
    .authenticate({ headers: { authorization: `Bearer ${token}` } } as FastifyRequest);
  if (!principal) throw new Error('not a live session token');
  return principal;
}

/**
 * A partner organisation registered through PartnersService by `coordinator`, with a key pair made
 * here as the partner would (`referrals:keygen`): the caller owns (and may wipe) its private key.
 */
export async function newPartner(
  t: TestApp,
  coordinator: Principal,
  options: { name?: string; contact?: string } = {},
): Promise<{ id: string; name: string; keys: KeyPair }> {
  const keys = generateUserKeyPair();
  const name = options.name ?? `Partner ${++counter} ${randomBytes(3).toString('hex')}`;
  const view = await t.app.get(PartnersService).register(coordinator, {
    name,
    publicKey: toBase64Url(keys.publicKey),
    contact: options.contact ?? 'Safe-house desk, +000 000',
  });
  return { id: view.id, name: view.name, keys };
}
