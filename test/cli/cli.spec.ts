import { runCli } from '../../src/cli/main';
import { createTestDatabase } from '../support/test-database';

describe('CLI', () => {
  let out: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    out = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('lists its commands', async () => {
    expect(await runCli(['help'])).toBe(0);
    expect(out.join('')).toMatch(/db:migrate[\s\S]*db:status/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runCli(['no-such-command'])).toBe(2);
    err.mockRestore();
  });

  it('db:status reports every migration applied on a migrated database', async () => {
    const db = await createTestDatabase();
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    try {
      expect(await runCli(['db:migrate'])).toBe(0);
      expect(await runCli(['db:status'])).toBe(0);
      expect(out.join('')).toMatch(/\d+ applied, 0 pending/);
    } finally {
      process.env.DATABASE_URL = previous;
      await db.drop();
    }
  });
});
