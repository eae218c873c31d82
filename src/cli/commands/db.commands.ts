import { ensureDatabaseExists } from '../../database/ensure-database';
import { CliCommand } from '../../common/cli/command';
import { withDataSource } from '../../database/with-data-source';

export const dbMigrate: CliCommand = {
  name: 'db:migrate',
  summary: 'Run pending database migrations.',
  async run({ config, out }) {
    if (!config.isProduction && !config.database.explicitlySet)
      await ensureDatabaseExists(config.database.url);
    const applied = await withDataSource(config, (ds) => ds.runMigrations({ transaction: 'each' }));
    out(
      applied.length
        ? `applied ${applied.length}: ${applied.map((m) => m.name).join(', ')}`
        : 'no pending migrations',
    );
    return 0;
  },
};

export const dbRevert: CliCommand = {
  name: 'db:revert',
  summary: 'Revert the most recent migration.',
  async run({ config, out }) {
    await withDataSource(config, (ds) => ds.undoLastMigration({ transaction: 'each' }));
    out('reverted the last migration');
    return 0;
  },
};

export const dbStatus: CliCommand = {
  name: 'db:status',
  summary: 'List migrations and whether each is applied; exit 1 when some are pending.',
  async run({ config, out }) {
    return withDataSource(config, async (ds) => {
      const executed = await ds
        .query<{ name: string }[]>(
          `SELECT name FROM ${ds.options.migrationsTableName ?? 'migrations'} ORDER BY id`,
        )
        .catch(() => [] as { name: string }[]);
      const done = new Set(executed.map((r) => r.name));
      let pending = 0;
      for (const m of ds.migrations) {
        const applied = done.has(m.name ?? m.constructor.name);
        if (!applied) pending++;
        out(`${applied ? 'applied ' : 'PENDING '} ${m.name ?? m.constructor.name}`);
      }
      out(`${ds.migrations.length - pending} applied, ${pending} pending`);
      return pending ? 1 : 0;
    });
  },
};
