import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

function sources(dir = SRC): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts')
      ? [{ path: relative(ROOT, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }]
      : [];
  });
}

/** src/<feature>/… → feature; src/x.ts → '(root)'. */
const featureOf = (path: string) => (path.split('/').length > 2 ? path.split('/')[1] : '(root)');

/** Every table the migrations create (schema_migrations is TypeORM's own). */
function tables(): string[] {
  const dir = join(ROOT, 'migrations');
  const names = new Set<string>();
  for (const file of readdirSync(dir).sort()) {
    const all = readFileSync(join(dir, file), 'utf8');
    const text = all.split('async down(')[0]; // what up() leaves behind
    for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g)) names.add(m[1]);
    for (const m of text.matchAll(/ALTER TABLE ([a-z_]+) RENAME TO ([a-z_]+)/g)) {
      names.delete(m[1]);
      names.add(m[2]);
    }
  }
  return [...names].sort();
}

/** Entity class name → table, from the @Entity({ name }) decorators. */
function entityTables(files: { text: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { text } of files) {
    for (const m of text.matchAll(/@Entity\(\{\s*name:\s*'([a-z_]+)'[^)]*\)\s*export class (\w+)/g))
      map.set(m[2], m[1]);
  }
  return map;
}

/**
 * The writers of each table, read from the source: SQL INSERT INTO / UPDATE … SET / DELETE FROM
 * naming it, and TypeORM writes (insert, update, delete, save, upsert, create for save) given its
 * entity class.
 */
function writersByTable(): Map<string, Map<string, string[]>> {
  const files = sources();
  const entities = entityTables(files);
  const writers = new Map<string, Map<string, string[]>>();
  const add = (table: string, file: string) => {
    const byFeature = writers.get(table) ?? new Map<string, string[]>();
    byFeature.set(featureOf(file), [...(byFeature.get(featureOf(file)) ?? []), file]);
    writers.set(table, byFeature);
  };
  for (const { path, text } of files) {
    for (const m of text.matchAll(
      /\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+([a-z_]+)(?:\s+AS\s+\w+)?\s+(?:\(|SET\b|VALUES\b|SELECT\b|WHERE\b|RETURNING\b)/g,
    ))
      add(m[1], path);
    for (const m of text.matchAll(
      /\.(?:insert|update|delete|save|upsert|softDelete|increment|decrement|create)\(\s*(\w+)\s*,/g,
    )) {
      const table = entities.get(m[1]);
      if (table) add(table, path);
    }
  }
  return writers;
}

describe('one owner per table', () => {
  it('every table the migrations create is written by exactly one feature', () => {
    const writers = writersByTable();
    const owners = Object.fromEntries(tables().map((t) => [t, [...(writers.get(t)?.keys() ?? [])].sort()]));
    const wrong = Object.entries(owners).filter(([, features]) => features.length !== 1);
    // The whole map is in the failure message: who writes what, file by file.
    expect({
      wrong,
      writers: Object.fromEntries([...writers].map(([t, m]) => [t, Object.fromEntries(m)])),
    }).toEqual({ wrong: [], writers: expect.anything() });
    expect(owners).toEqual({
      audit_checkpoints: ['audit'],
      audit_entries: ['audit'],
      case_entries: ['cases'],
      case_history: ['cases'],
      case_milestones: ['cases'],
      case_needs: ['cases'],
      case_reports: ['cases'],
      case_risks: ['cases'],
      cases: ['cases'],
      form_retention_policies: ['retention'],
      form_versions: ['forms'],
      forms: ['forms'],
      key_slots: ['keys'],
      keys: ['keys'],
      outbox: ['outbox'],
      partners: ['partners'],
      referrals: ['referrals'],
      report_contact_hints: ['reports'],
      report_items: ['reports'],
      report_receipts: ['reports'],
      reports: ['reports'],
      stats_privacy_budgets: ['stats'],
      stats_release_cells: ['stats'],
      stats_releases: ['stats'],
      team_keys: ['teams'],
      triage_items: ['triage'],
      users: ['users'],
    });
  });

  it('the scan sees SQL and TypeORM writes (a writer added in another feature would be found)', () => {
    const writers = writersByTable();
    expect(writers.get('reports')?.get('reports')).toContain('src/reports/reports.repository.ts');
    expect(writers.get('users')?.get('users')).toContain('src/users/users.repository.ts');
    expect(writers.get('keys')?.get('keys')).toEqual(
      expect.arrayContaining(['src/keys/keys.repository.ts', 'src/keys/keys-insert.ts']),
    );
  });
});

describe('explicit modules', () => {
  it('no @Global() outside config, logging, database and queue', () => {
    const globals = sources()
      .filter((f) => /@Global\(\)/.test(f.text))
      .map((f) => featureOf(f.path));
    expect(globals.every((feature) => ['config', 'logging', 'database', 'queue'].includes(feature))).toBe(
      true,
    );
    expect(globals.sort()).toEqual(['config', 'logging', 'queue']); // database: TypeOrmModule.forRoot is global itself
  });
});

describe('worker tasks', () => {
  it('are declared by @WorkerTask only: no role checks, no decorator applied by hand', () => {
    const files = sources();
    expect(files.filter((f) => /isWorkerRole|WorkerHost, \{ strict/.test(f.text)).map((f) => f.path)).toEqual(
      [],
    );
    // A decorator called on a class at run time, e.g. `WorkerTask({...})(SomeClass)`.
    expect(files.filter((f) => /\bWorkerTask\([^)]*\)\s*\(/.test(f.text)).map((f) => f.path)).toEqual([]);
    const declared = files
      .filter((f) => /@WorkerTask\(/.test(f.text))
      .map((f) => f.path)
      .sort();
    expect(declared).toEqual([
      'src/audit/audit-seal-loop.ts',
      'src/cases/case-reminders.task.ts',
      'src/notifications/notification-delivery.processor.ts',
      'src/outbox/outbox-reconciler.ts',
      'src/outbox/outbox-relay.ts',
      'src/referrals/referral-reminders.task.ts',
      'src/retention/retention.task.ts',
      'src/triage/triage-intake.processor.ts',
    ]);
  });
});

describe('services get plain values', () => {
  it('no service, verifier or hasher takes a Fastify request (controllers read it)', () => {
    const offenders = sources()
      .filter((f) => /\.(service|repository|store|verifier)\.ts$|address-hasher\.ts$/.test(f.path))
      .filter((f) => /FastifyRequest/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('no test-only hooks in src/ (revealForTests, NODE_ENV=test branches)', () => {
    const offenders = sources()
      .filter((f) => /revealForTests|nodeEnv === 'test'|NODE_ENV === 'test'|isTest\b/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});

/** Where a controller takes its body without the schema pipe; each such use must say why. */
function bodyBindings(files: { path: string; text: string }[]) {
  const rawBody: string[] = [];
  const unexplained: string[] = [];
  for (const { path, text } of files) {
    if (path === 'src/common/http/zod-body.ts') continue;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/@Body\(/.test(line)) rawBody.push(`${path}:${i + 1}`);
      if (/@UnparsedBody\(/.test(line)) {
        const around = lines.slice(Math.max(0, i - 4), i + 4).join('\n');
        if (!/\/\/ .*\b(?:read|pars|check|unparsed)/i.test(around)) unexplained.push(`${path}:${i + 1}`);
      }
    });
  }
  return { rawBody, unexplained };
}

describe('validation once, at the boundary', () => {
  it('no controller binds a body without a zod schema; each unparsed body says why', () => {
    expect(bodyBindings(sources())).toEqual({ rawBody: [], unexplained: [] });
  });

  it('the scan catches a bare @Body() and an unexplained @UnparsedBody()', () => {
    const planted = [
      { path: 'src/x/a.controller.ts', text: 'class A {\n  m(@Body() body: unknown) {}\n}' },
      { path: 'src/x/b.controller.ts', text: 'class B {\n\n\n\n\n  m(@UnparsedBody(s) body: unknown) {}\n}' },
      {
        path: 'src/x/c.controller.ts',
        text: 'class C {\n  // Read by the service after the session check.\n  m(@UnparsedBody(s) b: unknown) {}\n}',
      },
    ];
    expect(bodyBindings(planted)).toEqual({
      rawBody: ['src/x/a.controller.ts:2'],
      unexplained: ['src/x/b.controller.ts:6'],
    });
  });

  it('class-validator is gone: no DTO class validates a body', () => {
    const offenders = sources()
      .filter((f) => /from 'class-(?:validator|transformer)'|ValidationPipe/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
