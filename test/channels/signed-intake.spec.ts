import { randomBytes } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { signChannelRequest } from '../../src/channels/channel-signature';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { buildSealedSubmission, fetchPublicForm, PublicForm } from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { dumpRedis } from '../auth/support/auth-helpers';
import { intakeRowCounts } from '../intake/support';
import { startTestApp, TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string } };

const botSecret = randomBytes(32);
const partnerSecret = randomBytes(32);

describe('signed channel requests on the intake route', () => {
  let t: TestApp;
  let form: PublicForm;
  const url = '/api/v1/intake/report/reports';

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        CHANNEL_SECRETS: `telegram-bot:bot:${botSecret.toString('base64url')},ngo-partner:partner:${partnerSecret.toString('base64url')}`,
        CHANNEL_REPLAY_WINDOW_SECONDS: '300',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
      },
    });
    await seedDefaultForm(t);
    await createUser(t, { roles: [Role.TRIAGER], totp: false });
    form = await fetchPublicForm(t, 'report');
  }, 60_000);
  afterAll(() => t.close());

  const now = () => String(Math.floor(Date.now() / 1000));
  /** Every signature header sent by this file, to look for later in Redis and the logs. */
  const sentSignatures: string[] = [];

  function signed(
    body: string,
    o: { name?: string; secret?: Uint8Array; timestamp?: string; signature?: string; omit?: string } = {},
  ) {
    const timestamp = o.timestamp ?? now();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-corridor-channel': o.name ?? 'telegram-bot',
      'x-corridor-timestamp': timestamp,
      'x-corridor-signature': o.signature ?? signChannelRequest(o.secret ?? botSecret, timestamp, body),
    };
    if (o.omit) delete headers[o.omit];
    sentSignatures.push(headers['x-corridor-signature']);
    return t.request<ErrorBody & { reportId: string }>('POST', url, { rawBody: body, headers });
  }

  const sealedJson = () => JSON.stringify(buildSealedSubmission(form, defaultFormAnswers('signed')).body);

  async function expectRefused(send: () => Promise<{ status: number; body: ErrorBody }>, code: string) {
    const before = await intakeRowCounts(t);
    const res = await send();
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 401, code });
    expect(await intakeRowCounts(t)).toEqual(before);
  }

  it('accepts a correctly signed request and records the channel kind', async () => {
    const res = await signed(sealedJson());
    expect(res.status).toBe(201);
    const [row] = await t.dataSource.query<{ channel: string }[]>(
      `SELECT channel FROM reports WHERE id = $1`,
      [res.body.reportId],
    );
    expect(row.channel).toBe('bot');

    const partner = await signed(sealedJson(), { name: 'ngo-partner', secret: partnerSecret });
    expect(partner.status).toBe(201);
    const [p] = await t.dataSource.query<{ channel: string }[]>(`SELECT channel FROM reports WHERE id = $1`, [
      partner.body.reportId,
    ]);
    expect(p.channel).toBe('partner');
  });

  it('records an unsigned request as the web form', async () => {
    const res = await t.request<{ reportId: string }>('POST', url, {
      rawBody: sealedJson(),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const [row] = await t.dataSource.query<{ channel: string }[]>(
      `SELECT channel FROM reports WHERE id = $1`,
      [res.body.reportId],
    );
    expect(row.channel).toBe('web');
  });

  it('refuses a wrong secret, a changed body, a malformed or partial signature: CHANNEL_BAD_SIGNATURE', async () => {
    await expectRefused(() => signed(sealedJson(), { secret: randomBytes(32) }), 'CHANNEL_BAD_SIGNATURE');
    const body = sealedJson();
    const timestamp = now();
    const signature = signChannelRequest(botSecret, timestamp, body);
    await expectRefused(
      () => signed(body.replace('"language":"en"', '"language":"ru"'), { timestamp, signature }),
      'CHANNEL_BAD_SIGNATURE',
    );
    await expectRefused(() => signed(body, { signature: 'v1=zz' }), 'CHANNEL_BAD_SIGNATURE');
    await expectRefused(() => signed(body, { signature: signature.toUpperCase() }), 'CHANNEL_BAD_SIGNATURE');
    await expectRefused(() => signed(body, { timestamp: 'yesterday' }), 'CHANNEL_BAD_SIGNATURE');
    await expectRefused(() => signed(body, { omit: 'x-corridor-signature' }), 'CHANNEL_BAD_SIGNATURE');
    await expectRefused(() => signed(body, { omit: 'x-corridor-channel' }), 'CHANNEL_BAD_SIGNATURE');
  });

  it('refuses an unknown channel: CHANNEL_UNKNOWN', async () => {
    await expectRefused(() => signed(sealedJson(), { name: 'someone-else' }), 'CHANNEL_UNKNOWN');
  });

  it('refuses a timestamp outside the window, even when correctly signed: CHANNEL_STALE', async () => {
    // 10 s beyond the 300 s window either way, so that a slow request cannot bring it back inside.
    const old = String(Math.floor(Date.now() / 1000) - 310);
    await expectRefused(() => signed(sealedJson(), { timestamp: old }), 'CHANNEL_STALE');
    const future = String(Math.floor(Date.now() / 1000) + 310);
    await expectRefused(() => signed(sealedJson(), { timestamp: future }), 'CHANNEL_STALE');
  });

  it('refuses the same signed request a second time: CHANNEL_REPLAYED', async () => {
    const body = sealedJson();
    const timestamp = now();
    const signature = signChannelRequest(botSecret, timestamp, body);
    const first = await signed(body, { timestamp, signature });
    expect(first.status).toBe(201);
    await expectRefused(() => signed(body, { timestamp, signature }), 'CHANNEL_REPLAYED');
  });

  it('keeps no signature or secret, in any encoding, in Redis (keys and values) or the logs', async () => {
    const keys = await t.redis.connection.keys(`${t.config.redis.prefix}:channel:*`);
    expect(keys.length).toBeGreaterThan(0); // the replay memory exists: there is something to search
    const stored = [...(await dumpRedis(t)), t.logs.text].join('\n');
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of [botSecret, partnerSecret]) {
      for (const encoding of ['hex', 'base64', 'base64url', 'latin1'] as const) {
        expect(stored).not.toContain(secret.toString(encoding));
      }
      // Also the hex of a prefix, in case a value is truncated rather than copied whole.
      expect(stored).not.toContain(secret.subarray(0, 12).toString('hex'));
    }
    const hexes = sentSignatures.filter((s) => /^v1=[0-9a-f]{64}$/.test(s)).map((s) => s.slice(3));
    expect(hexes.length).toBeGreaterThan(5);
    for (const hex of hexes) {
      expect(stored).not.toContain(hex);
      expect(stored).not.toContain(Buffer.from(hex, 'hex').toString('base64url'));
      expect(stored).not.toContain(Buffer.from(hex, 'hex').toString('latin1'));
    }
  });
});
