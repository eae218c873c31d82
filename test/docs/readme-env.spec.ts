import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '../../src/config/app-config';

/** Docs are part of the feature: every environment variable the config reads has a README row. */
describe('README environment table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

  it.each(Object.keys(envSchema.shape))('documents %s', (name) => {
    expect(documented.has(name)).toBe(true);
  });

  it('documents no variable the config does not read', () => {
    const read = new Set(Object.keys(envSchema.shape));
    expect([...documented].filter((n) => !read.has(n))).toEqual([]);
  });
});
