import { defineErrors } from '../common/errors';

/** The partner registry's own failures; each leaves everything as it was. */
export enum PartnersErrorCode {
  /** The body does not match the route's schema (the fields are named, never their values). */
  PARTNER_INVALID = 'PARTNER_INVALID',
  /** The public key is not 32 bytes of base64url, or not a key anything can be sealed to. */
  PARTNER_KEY_INVALID = 'PARTNER_KEY_INVALID',
  /** A partner of that name (case-insensitive) is registered already. */
  PARTNER_NAME_TAKEN = 'PARTNER_NAME_TAKEN',
  /** The partner is retired: it can be read, not changed (nor retired again). */
  PARTNER_RETIRED = 'PARTNER_RETIRED',
}

export const partnersError = defineErrors<PartnersErrorCode>({
  PARTNER_INVALID: { status: 400, message: 'The request is not valid.' },
  PARTNER_KEY_INVALID: {
    status: 422,
    message: 'The public key must be an X25519 public key of 32 bytes in base64url.',
  },
  PARTNER_NAME_TAKEN: { status: 409, message: 'A partner of that name is registered already.' },
  PARTNER_RETIRED: { status: 409, message: 'The partner is retired: it can be read, not changed.' },
});
