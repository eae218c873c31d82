import { ConfigError, describeConfig, loadConfig } from '../../src/config';

describe('audit configuration', () => {
  it('has safe defaults', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).audit).toEqual({
      checkpointEveryEntries: 1000,
      checkpointEverySeconds: 300,
      witnessUrl: null,
      witnessTimeoutMs: 5000,
      sealIntervalMs: 200,
      sealBatch: 2000,
    });
  });

  it('accepts an http(s) witness and never describes its URL (it may carry a token)', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      AUDIT_WITNESS_URL: 'https://witness.example/c?token=s3cret',
    });
    expect(config.audit.witnessUrl).toBe('https://witness.example/c?token=s3cret');
    expect(JSON.stringify(describeConfig(config))).not.toContain('s3cret');
  });

  it.each([
    ['AUDIT_WITNESS_URL', 'ftp://witness.example/'],
    ['AUDIT_CHECKPOINT_EVERY_ENTRIES', '0'],
    ['AUDIT_SEAL_BATCH', 'lots'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', [name]: value })).toThrow(ConfigError);
  });
});
