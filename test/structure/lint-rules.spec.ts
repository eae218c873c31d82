import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The rules are CommonJS so that both eslint.config.mjs and this test load the same file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const corridor = require('../../eslint-rules/feature-boundaries.cjs');

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'boundaries');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Lints the fixture tree with the two rules (ESLint's Linter: no config file to load). */
function lintFixture(): Record<string, { rule: string | null; line: number }[]> {
  const linter = new Linter({ configType: 'flat', cwd: FIXTURE });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { corridor },
      rules: {
        'corridor/no-foreign-data-access': ['error', { root: 'src', app: [] }],
        'corridor/no-feature-cycle': ['error', { root: 'src', app: [] }],
      },
    },
  ] as Linter.Config[];
  const found: Record<string, { rule: string | null; line: number }[]> = {};
  for (const file of filesUnder(join(FIXTURE, 'src'))) {
    const messages = linter.verify(readFileSync(file, 'utf8'), config, { filename: file });
    found[relative(FIXTURE, file)] = messages.map((m) => ({ rule: m.ruleId, line: m.line }));
  }
  return found;
}

describe('architecture lint rules (eslint-rules/feature-boundaries.cjs)', () => {
  it("refuses another feature's repository and entity (value imports), allows its service and row types", async () => {
    const found = lintFixture();
    expect(found['src/a/a.service.ts']).toEqual([
      { rule: 'corridor/no-foreign-data-access', line: 2 },
      { rule: 'corridor/no-foreign-data-access', line: 3 },
    ]);
    // b's own files import its repository and entity freely.
    expect(found['src/b/b.repository.ts']).toEqual([]);
  });

  it('refuses an import cycle between feature folders, on both sides, type-only imports included', async () => {
    const found = lintFixture();
    expect(found['src/b/b.service.ts']).toEqual([{ rule: 'corridor/no-feature-cycle', line: 2 }]);
    expect(found['src/c/c.service.ts']).toEqual([{ rule: 'corridor/no-feature-cycle', line: 1 }]);
  });

  it('npm run lint applies both rules to the files of src/ (eslint.config.mjs)', () => {
    // A child process: the config file is an ES module, which Jest's module loader cannot import.
    const printed = execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--print-config', 'src/intake/intake.service.ts'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const rules = (JSON.parse(printed) as { rules: Record<string, unknown[]> }).rules;
    expect(rules['corridor/no-foreign-data-access']).toEqual([2]);
    expect(rules['corridor/no-feature-cycle']).toEqual([2]);
  });
});
