import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, describeConfig } from '../../src/config';

const secret = randomBytes(32).toString('base64url');

describe('CHANNEL_SECRETS configuration', () => {
  it('reads name:secret (kind api) and name:kind:secret entries', () => {
    const config = loadConfig({ CHANNEL_SECRETS: `web-api:${secret}, tg-bot:bot:${secret}` });
    expect(config.intakeLimits.channels.secrets.map((c) => [c.name, c.kind, c.secret.length])).toEqual([
      ['web-api', 'api', 32],
      ['tg-bot', 'bot', 32],
    ]);
  });

  /** Every way a secret could leak into a message: as configured, decoded, re-encoded. */
  const encodings = (base64url: string): string[] => {
    const bytes = Buffer.from(base64url, 'base64url');
    return [base64url, bytes.toString('base64'), bytes.toString('hex'), bytes.toString('latin1')];
  };
  const shortSecret = randomBytes(16).toString('base64url');

  // Each case names the secret it configures, and checks for that one.
  it.each([
    ['short secret', `bot:${shortSecret}`, shortSecret],
    ['unknown kind', `bot:phone:${secret}`, secret],
    ['bad name', `Bot Name:${secret}`, secret],
    ['repeated name', `bot:${secret},bot:${secret}`, secret],
    ['malformed secret', `bot:bot:${secret}!!`, `${secret}!!`],
  ])('refuses a %s, without echoing the value', (_what, value, configuredSecret) => {
    let error: unknown;
    try {
      loadConfig({ CHANNEL_SECRETS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('CHANNEL_SECRETS entry');
    expect(message).not.toContain(value);
    for (const form of encodings(configuredSecret.replace(/!/g, ''))) expect(message).not.toContain(form);
  });

  it('refuses an entry with no secret at all', () => {
    expect(() => loadConfig({ CHANNEL_SECRETS: 'bot' })).toThrow(ConfigError);
  });

  it('never describes a secret', () => {
    const text = JSON.stringify(describeConfig(loadConfig({ CHANNEL_SECRETS: `tg-bot:bot:${secret}` })));
    expect(text).toContain('tg-bot');
    for (const form of encodings(secret)) expect(text).not.toContain(form);
  });
});
