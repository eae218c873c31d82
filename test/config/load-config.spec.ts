import { ConfigError, describeConfig, loadConfig } from '../../src/config';
import { SECRET_SPECS } from '../../src/config/sections/secrets.section';

const base = { CORRIDOR_SECRETS_FILE: '/nonexistent/secrets.json' };
const realSecret = (bytes: number, fill: number) => Buffer.alloc(bytes, fill).toString('base64url');
const productionSecrets = Object.fromEntries(
  SECRET_SPECS.map((s, i) => [s.env, realSecret(s.lengths[0], i + 1)]),
);
const productionEnv = {
  ...base,
  ...productionSecrets,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://corridor:pw@db:5432/corridor',
  REDIS_URL: 'redis://:pw@redis:6379',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives development defaults that point at the local PostgreSQL and Redis', () => {
    const config = loadConfig(base);
    expect(config.nodeEnv).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/corridor');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.database.runMigrations).toBe(true);
    expect(config.developmentSecrets).toHaveLength(SECRET_SPECS.length);
  });

  it('parses and types values from strings', () => {
    const config = loadConfig({
      ...base,
      PORT: '8080',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      CORS_ORIGINS: 'https://a.org, https://b.org',
    });
    expect(config.http.port).toBe(8080);
    expect(config.http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(config.http.corsOrigins).toEqual(['https://a.org', 'https://b.org']);
  });

  it('rejects malformed values and names the variable, not the value', () => {
    const problems = problemsOf({
      ...base,
      PORT: 'eighty',
      TRUST_PROXY: 'true',
      DATABASE_URL: 'mysql://secret-host',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/TRUST_PROXY/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).not.toContain('secret-host');
  });

  it('paces retention batches by RETENTION_PAUSE_MS, within 0–10000 ms', () => {
    expect(loadConfig(base).retention.pauseMs).toBe(50);
    expect(loadConfig(base).retention.batchSize).toBe(250);
    expect(loadConfig({ ...base, RETENTION_PAUSE_MS: '150' }).retention.pauseMs).toBe(150);
    expect(loadConfig({ ...base, RETENTION_PAUSE_MS: '0' }).retention.pauseMs).toBe(0);
    for (const bad of ['-1', '10001', '1.5', 'soon'])
      expect(problemsOf({ ...base, RETENTION_PAUSE_MS: bad }).join('\n')).toMatch(/RETENTION_PAUSE_MS/);
  });

  it('starts in production when every secret is real', () => {
    const config = loadConfig(productionEnv);
    expect(config.isProduction).toBe(true);
    expect(config.developmentSecrets).toEqual([]);
    expect(config.database.runMigrations).toBe(false);
  });

  it.each(SECRET_SPECS.map((s) => [s.env]))('refuses production without %s and says which', (name) => {
    const env: Record<string, string> = { ...productionEnv };
    delete env[name];
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('refuses production with a development secret value', () => {
    const dev = loadConfig(base).secrets.receiptPepper;
    const problems = problemsOf({
      ...productionEnv,
      CORRIDOR_RECEIPT_PEPPER: Buffer.from(dev).toString('base64url'),
    });
    expect(problems).toEqual([expect.stringContaining('CORRIDOR_RECEIPT_PEPPER is the development value')]);
  });

  it('refuses production with default database and Redis, or Redis without a password', () => {
    const env: Record<string, string> = { ...productionEnv };
    delete env.DATABASE_URL;
    expect(problemsOf(env)).toEqual([expect.stringContaining('DATABASE_URL is missing')]);
    expect(problemsOf({ ...productionEnv, REDIS_URL: 'redis://redis:6379' })).toEqual([
      expect.stringContaining('REDIS_URL has no password'),
    ]);
  });

  it('rejects a secret of the wrong length', () => {
    const problems = problemsOf({ ...productionEnv, CORRIDOR_BLIND_INDEX_KEY: realSecret(8, 1) });
    expect(problems).toEqual([
      expect.stringContaining('CORRIDOR_BLIND_INDEX_KEY must be base64url of 32 bytes'),
    ]);
  });

  it('describes itself without secrets or passwords', () => {
    const described = JSON.stringify(describeConfig(loadConfig(productionEnv)));
    expect(described).not.toContain(':pw@');
    for (const value of Object.values(productionSecrets)) expect(described).not.toContain(value);
    expect(described).toContain('[sensitive]');
  });
});

describe('loadConfig: key-derivation cost', () => {
  const realSecret = (bytes: number, fill: number) => Buffer.alloc(bytes, fill).toString('base64url');
  const env = {
    CORRIDOR_SECRETS_FILE: '/nonexistent/secrets.json',
    ...Object.fromEntries(SECRET_SPECS.map((s, i) => [s.env, realSecret(s.lengths[0], i + 1)])),
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://corridor:pw@db:5432/corridor',
    REDIS_URL: 'redis://:pw@redis:6379',
  };

  it('refuses production with a password KDF below the floor, accepts the defaults', () => {
    expect(() => loadConfig({ ...env, PASSWORD_KDF_OPS: '1', PASSWORD_KDF_MEM_MB: '8' })).toThrow(
      /below the production floor/,
    );
    expect(loadConfig(env).auth.passwordKdf).toEqual({ opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 });
  });

  it('lets init start in production before the secrets exist, and nothing else', () => {
    const bare: Record<string, string> = { ...env };
    for (const s of SECRET_SPECS) delete bare[s.env];
    expect(() => loadConfig(bare)).toThrow(ConfigError);
    expect(loadConfig(bare, { allowMissingSecrets: true }).developmentSecrets).toHaveLength(
      SECRET_SPECS.length,
    );
  });
});
