import { createHmac } from 'node:crypto';
import { notificationBody } from '../../src/notifications/pending-counts';
import { signNotification, verifyNotification } from '../../src/notifications/notification-signature';

/*
 * The published test vector (SECURITY.md, "Notifications"): an external receiver reproduces it.
 * The signature below was also computed with
 *   printf '%s' '1796083200.{"version":1,"pending":3,"urgent":1}' |
 *     openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f
 */
const VECTOR = {
  secretBase64url: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
  timestamp: '1796083200',
  body: '{"version":1,"pending":3,"urgent":1}',
  signature: 'v1=d878c658d10cde5fb39916f059972178bbd7f95e62e829c0a10d015b7519f4f3',
};
const secret = new Uint8Array(Buffer.from(VECTOR.secretBase64url, 'base64url'));
const now = Number(VECTOR.timestamp);

describe('notification signature', () => {
  it('uses the bytes 0x00…0x1f as the vector secret and the documented body', () => {
    expect(Buffer.from(secret).toString('hex')).toBe(
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    );
    expect(notificationBody({ pending: 3, urgent: 1 })).toBe(VECTOR.body);
  });

  it('reproduces the published vector', () => {
    expect(signNotification(secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('matches an independent HMAC-SHA256 over timestamp "." body for other inputs', () => {
    for (const [ts, body] of [
      ['0', '{}'],
      ['1800000000', notificationBody({ pending: 0, urgent: 0 })],
    ]) {
      const independent = createHmac('sha256', Buffer.from(secret)).update(`${ts}.${body}`).digest('hex');
      expect(signNotification(secret, ts, body)).toBe(`v1=${independent}`);
    }
  });

  it('verifies the vector within the tolerance, on either side of the clock', () => {
    const received = { timestamp: VECTOR.timestamp, signature: VECTOR.signature, body: VECTOR.body };
    expect(verifyNotification(secret, received, now)).toBe('valid');
    expect(verifyNotification(secret, received, now + 300)).toBe('valid');
    expect(verifyNotification(secret, received, now - 300)).toBe('valid');
    expect(verifyNotification(secret, { ...received, body: Buffer.from(VECTOR.body) }, now)).toBe('valid');
  });

  it('refuses a stale timestamp (a replay), after checking the signature', () => {
    const received = { timestamp: VECTOR.timestamp, signature: VECTOR.signature, body: VECTOR.body };
    expect(verifyNotification(secret, received, now + 301)).toBe('stale');
    expect(verifyNotification(secret, received, now - 301)).toBe('stale');
    expect(verifyNotification(secret, received, now + 3600, 7200)).toBe('valid');
  });

  it('refuses a changed body, timestamp or secret', () => {
    const received = { timestamp: VECTOR.timestamp, signature: VECTOR.signature, body: VECTOR.body };
    expect(verifyNotification(secret, { ...received, body: VECTOR.body.replace('3', '4') }, now)).toBe(
      'bad_signature',
    );
    expect(verifyNotification(secret, { ...received, timestamp: String(now + 1) }, now)).toBe(
      'bad_signature',
    );
    const other = new Uint8Array(secret).map((b) => b ^ 1);
    expect(verifyNotification(other, received, now)).toBe('bad_signature');
  });

  it('refuses missing or malformed headers', () => {
    const ok = { timestamp: VECTOR.timestamp, signature: VECTOR.signature, body: VECTOR.body };
    for (const bad of [
      { ...ok, timestamp: undefined },
      { ...ok, signature: undefined },
      { ...ok, timestamp: '1796083200.5' },
      { ...ok, timestamp: '-1' },
      { ...ok, signature: VECTOR.signature.toUpperCase() },
      { ...ok, signature: VECTOR.signature.slice(3) },
      { ...ok, signature: `v2=${VECTOR.signature.slice(3)}` },
    ])
      expect(verifyNotification(secret, bad, now)).toBe('malformed');
  });

  it('refuses counts that are not non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => notificationBody({ pending: bad, urgent: 0 })).toThrow(/non-negative integers/);
      expect(() => notificationBody({ pending: 0, urgent: bad })).toThrow(/non-negative integers/);
    }
  });
});
