import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ErrorSpec } from '../../src/common/errors';
import { envSchema } from '../../src/config/app-config';

const ROOT = join(__dirname, '..', '..');
const apiDoc = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');

/** Every source file that calls defineErrors, and the catalogues its exports carry. */
function errorCatalogues(): { file: string; catalogue: Record<string, ErrorSpec> }[] {
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(ROOT, 'src', f))
    .filter((f) => /\bdefineErrors\s*[<(]/.test(readFileSync(f, 'utf8')))
    .filter((f) => !f.endsWith(join('common', 'errors', 'app-error.ts'))); // the definition itself
  return files.map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(file) as Record<string, unknown>);
    const catalogues = exported
      .map((value) => (value as { catalogue?: Record<string, ErrorSpec> } | undefined)?.catalogue)
      .filter((c): c is Record<string, ErrorSpec> => !!c);
    return { file: relative(ROOT, file), catalogue: Object.assign({}, ...catalogues) };
  });
}

/** `| \`CODE\` | 404 |` rows of docs/api.md: code → documented status. */
const documentedErrors = new Map(
  [...apiDoc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
);

describe('docs/api.md', () => {
  const catalogues = errorCatalogues();
  const codes = catalogues.flatMap(({ catalogue }) =>
    Object.entries(catalogue).map(([code, spec]) => [code, spec.status] as const),
  );

  it('finds the catalogues (every file that calls defineErrors exports one)', () => {
    expect(catalogues.length).toBeGreaterThanOrEqual(9);
    for (const { file, catalogue } of catalogues)
      expect([file, Object.keys(catalogue).length > 0]).toEqual([file, true]);
  });

  it.each(codes)('documents error code %s with status %i', (code, status) => {
    expect(documentedErrors.get(code)).toBe(status);
  });

  it('documents no error code the source does not define', () => {
    const defined = new Set(codes.map(([code]) => code));
    expect([...documentedErrors.keys()].filter((code) => !defined.has(code))).toEqual([]);
  });

  const openapi = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes = Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );

  it('reads the routes of openapi.json', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it.each(routes)('documents route %s', (route) => {
    expect(apiDoc).toContain(`\`${route}\``);
  });

  it('documents no /api/v1 route that openapi.json does not have', () => {
    const documented = [
      ...apiDoc.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE) \/api\/v1\/[^`\s?]*)[^`]*`/g),
    ].map((m) => m[1]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it.each(Object.keys(envSchema.shape))('names environment variable %s', (name) => {
    expect(apiDoc).toContain(`\`${name}\``);
  });
});

describe('links', () => {
  it('README.md and docs/ link only to files inside the repository', () => {
    // The documents of docs/ (docs/screenshots/ holds the README's images, not documents).
    const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    const files = ['README.md', ...docs.map((f) => join('docs', f))];
    expect(files).toContain(join('docs', 'hosted-page.md'));
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect([file, text.includes('../shared')]).toEqual([file, false]);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // an external URL, not a file
        const resolved = join(ROOT, file, '..', target);
        expect([file, target, relative(ROOT, resolved).startsWith('..')]).toEqual([file, target, false]);
        expect([file, target, existsSync(resolved)]).toEqual([file, target, true]);
      }
    }
  });
});
