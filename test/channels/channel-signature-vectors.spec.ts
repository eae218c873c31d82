import { createHash } from 'node:crypto';
import { signChannelRequest } from '../../src/channels/channel-signature';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { startTestApp, TestApp } from '../support/test-app';

/*
 * Fixed vectors for the wire format channel bots implement (SECURITY.md, "Signed channels"):
 *   X-Corridor-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
 * where `secret` is the BYTES the base64url text of CHANNEL_SECRETS decodes to. The expected
 * signature below was computed outside the project, from the documented format alone:
 *   printf '%s' '1767225600.{"answers":{"region":"north"},"language":"en"}' \
 *     | openssl dgst -sha256 -mac HMAC -macopt hexkey:636f7272…333262
 */
const SECRET_TEXT = 'corridor-channel-test-vector-secret-32b'; // 39 ASCII bytes
const SECRET_BASE64URL = 'Y29ycmlkb3ItY2hhbm5lbC10ZXN0LXZlY3Rvci1zZWNyZXQtMzJi'; // as configured
const TIMESTAMP = '1767225600'; // 2026-01-01T00:00:00Z
const BODY = '{"answers":{"region":"north"},"language":"en"}';
const SIGNATURE = 'v1=f7559d42d882c4a30278b64185b3b488a88ef72f0e2a07578aba7981492428d1';

/** HMAC-SHA256 written out from RFC 2104 on bare SHA-256: shares no code with the project's signer. */
function rfc2104HmacSha256(key: Buffer, message: string): string {
  const block = Buffer.alloc(64);
  (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
  const pad = (byte: number) => Buffer.from(block.map((b) => b ^ byte));
  const inner = createHash('sha256').update(pad(0x36)).update(message).digest();
  return createHash('sha256').update(pad(0x5c)).update(inner).digest('hex');
}

describe('channel signature: fixed vector of the documented format', () => {
  it('the reference signer gives the literal signature', () => {
    expect(Buffer.from(SECRET_BASE64URL, 'base64url').toString('ascii')).toBe(SECRET_TEXT);
    expect(signChannelRequest(Buffer.from(SECRET_TEXT), TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(`v1=${rfc2104HmacSha256(Buffer.from(SECRET_TEXT), `${TIMESTAMP}.${BODY}`)}`).toBe(SIGNATURE);
  });

  describe('over HTTP', () => {
    let t: TestApp;
    const url = '/api/v1/intake/report/reports';
    beforeAll(async () => {
      t = await startTestApp({
        env: {
          CHANNEL_SECRETS: `vector-bot:bot:${SECRET_BASE64URL}`,
          INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
          INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
        },
      });
      await seedDefaultForm(t);
    });
    afterAll(() => t.close());
    afterEach(() => jest.restoreAllMocks());

    const send = (signature: string, body = BODY, timestamp = TIMESTAMP) =>
      t.request<{ error?: { code: string } }>('POST', url, {
        rawBody: body,
        headers: {
          'content-type': 'application/json',
          'x-corridor-channel': 'vector-bot',
          'x-corridor-timestamp': timestamp,
          'x-corridor-signature': signature,
        },
      });

    it('the server accepts the literal vector at its timestamp: the body reaches validation (400, not 401)', async () => {
      jest.spyOn(Date, 'now').mockReturnValue(Number(TIMESTAMP) * 1000 + 5_000);
      const res = await send(SIGNATURE);
      // The body is a valid signed request but an incomplete report: refused by the form, after the
      // signature was accepted.
      expect(res.status).toBe(400);
      expect(res.body.error?.code).not.toMatch(/^CHANNEL_/);
    });

    it('one changed hex digit of the literal vector is CHANNEL_BAD_SIGNATURE', async () => {
      jest.spyOn(Date, 'now').mockReturnValue(Number(TIMESTAMP) * 1000 + 5_000);
      const wrong = SIGNATURE.slice(0, -1) + (SIGNATURE.endsWith('1') ? '2' : '1');
      const res = await send(wrong);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({
        status: 401,
        code: 'CHANNEL_BAD_SIGNATURE',
      });
    });

    it('a bot that signs the configured text instead of its decoded bytes is refused', async () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const wrongKey = rfc2104HmacSha256(Buffer.from(SECRET_BASE64URL), `${timestamp}.${BODY}`);
      const res = await send(`v1=${wrongKey}`, BODY, timestamp);
      expect(res.status).toBe(401);
    });
  });
});
