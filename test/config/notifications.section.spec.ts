import { ConfigError, describeConfig, loadConfig } from '../../src/config';
import { parseNotificationWebhooks } from '../../src/config/sections/notifications.section';

const base = { CORRIDOR_SECRETS_FILE: '/nonexistent/secrets.json' };
const secret = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64url');

function parse(raw: string, production = false) {
  const problems: string[] = [];
  const endpoints = parseNotificationWebhooks(raw, production, problems);
  return { endpoints, problems };
}

describe('NOTIFY_WEBHOOKS', () => {
  it('reads url|secret entries, comma-separated, with a content-free id per endpoint', () => {
    const raw = ` https://a.example.org/hook?x=1|${secret(1)} , http://127.0.0.1:9000/n|${secret(2, 48)}`;
    const { endpoints, problems } = parse(raw, true);
    expect(problems).toEqual([]);
    expect(endpoints.map((e) => e.url)).toEqual([
      'https://a.example.org/hook?x=1',
      'http://127.0.0.1:9000/n',
    ]);
    expect(endpoints.map((e) => e.secret.length)).toEqual([32, 48]);
    expect(endpoints[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(endpoints[0].id).not.toBe(endpoints[1].id);
    // Stable across reorderings: it depends on the secret alone.
    expect(parse(`https://b.example.org/|${secret(1)}`).endpoints[0].id).toBe(endpoints[0].id);
  });

  it('accepts a padded secret, as `openssl rand 32 | basenc --base64url` prints it', () => {
    const padded = `${secret(5)}=`;
    expect(padded).toHaveLength(44);
    const { endpoints, problems } = parse(`https://a.example.org/|${padded}`);
    expect(problems).toEqual([]);
    expect(Buffer.from(endpoints[0].secret)).toEqual(Buffer.alloc(32, 5));
  });

  it('is empty (notifications off) by default', () => {
    expect(loadConfig(base).notifications).toEqual({
      endpoints: [],
      debounceMs: 60_000,
      timeoutMs: 5000,
      attempts: 6,
      backoffMs: 2000,
    });
  });

  it.each([
    ['no secret', 'https://a.example.org/hook', /must be <http\(s\) URL>\|<secret>/],
    ['no URL', `|${secret(1)}`, /must be <http\(s\) URL>\|<secret>/],
    ['another scheme', `ftp://a.example.org/|${secret(1)}`, /must be <http\(s\) URL>\|<secret>/],
    ['a short secret', `https://a.example.org/|${secret(1, 31)}`, /at least 32 bytes/],
    ['a non-base64url secret', `https://a.example.org/|${secret(1)}+/`, /at least 32 bytes/],
    ['credentials in the URL', `https://u:p@a.example.org/|${secret(1)}`, /credentials/],
  ])('refuses an entry with %s, naming its position only', (_what, raw, message) => {
    const { endpoints, problems } = parse(`https://ok.example.org/|${secret(9)},${raw}`);
    expect(endpoints).toHaveLength(1);
    expect(problems).toEqual([expect.stringMatching(message)]);
    expect(problems[0]).toContain('entry 2');
    expect(problems[0]).not.toContain('example.org');
    expect(problems[0]).not.toContain(secret(1).slice(0, 20));
  });

  it('refuses plain http in production except to a loopback relay', () => {
    for (const host of ['hooks.example.org', '10.0.0.5', 'localhost.example.org'])
      expect(parse(`http://${host}/n|${secret(1)}`, true).problems).toEqual([
        expect.stringContaining('must use https:// in production'),
      ]);
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:9000', '127.5.6.7'])
      expect(parse(`http://${host}/n|${secret(1)}`, true).problems).toEqual([]);
    expect(parse(`http://hooks.example.org/n|${secret(1)}`, false).problems).toEqual([]);
  });

  it('refuses two endpoints with one secret, and more than ten endpoints', () => {
    expect(parse(`https://a.example.org/|${secret(1)},https://b.example.org/|${secret(1)}`).problems).toEqual(
      [expect.stringContaining('entry 2 repeats')],
    );
    const eleven = Array.from({ length: 11 }, (_, i) => `https://a.example.org/${i}|${secret(i + 1)}`).join(
      ',',
    );
    expect(parse(eleven).problems).toEqual([expect.stringContaining('more than 10')]);
  });

  it('refuses a webhook secret that is also a channel secret', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        ...base,
        CHANNEL_SECRETS: `bot1:bot:${secret(7)}`,
        NOTIFY_WEBHOOKS: `https://a.example.org/|${secret(7)}`,
      });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual([expect.stringContaining('NOTIFY_WEBHOOKS entry 1 reuses a CHANNEL_SECRETS')]);
  });

  it('bounds the debounce window, timeout and retries', () => {
    for (const [name, value] of [
      ['NOTIFY_DEBOUNCE_SECONDS', '0'],
      ['NOTIFY_TIMEOUT_MS', '30000'],
      ['NOTIFY_ATTEMPTS', '0'],
      ['NOTIFY_BACKOFF_MS', '1'],
    ])
      expect(() => loadConfig({ ...base, [name]: value })).toThrow(name);
  });

  it('describes itself with the number of endpoints only', () => {
    const config = loadConfig({
      ...base,
      NOTIFY_WEBHOOKS: `https://hooks.example.org/corridor|${secret(3)}`,
      NOTIFY_DEBOUNCE_SECONDS: '5',
    });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('hooks.example.org');
    expect(described).not.toContain(secret(3));
    expect(described).not.toContain(config.notifications.endpoints[0].id);
    expect(describeConfig(config).notifications).toMatchObject({ endpoints: 1, debounceMs: 5000 });
  });
});
