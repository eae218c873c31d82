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

  it.each([
    ['short secret', `bot:${randomBytes(16).toString('base64url')}`],
    ['unknown kind', `bot:phone:${secret}`],
    ['bad name', `Bot Name:${secret}`],
    ['repeated name', `bot:${secret},bot:${secret}`],
    ['no secret', 'bot'],
  ])('refuses a %s, without echoing the value', (_what, value) => {
    try {
      loadConfig({ CHANNEL_SECRETS: value });
      throw new Error('loaded');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('CHANNEL_SECRETS entry');
      expect((error as ConfigError).message).not.toContain(secret);
    }
  });

  it('never describes a secret', () => {
    const text = JSON.stringify(describeConfig(loadConfig({ CHANNEL_SECRETS: `tg-bot:bot:${secret}` })));
    expect(text).toContain('tg-bot');
    expect(text).not.toContain(secret);
  });
});
