import { runCli } from '../../src/cli/main';
import { AuditFixture, asSuperuser, createAuditFixture } from './audit-fixture';
import { seedEntries } from './audit-seed';

describe('audit CLI', () => {
  let f: AuditFixture;
  let out: string[];
  let err: string[];
  let spies: jest.SpyInstance[];
  const previousUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    f = await createAuditFixture();
    process.env.DATABASE_URL = f.config.database.url;
    await seedEntries(f.dataSource, f.services.audit, 6);
  });
  afterAll(async () => {
    process.env.DATABASE_URL = previousUrl;
    await f.close();
  });
  beforeEach(() => {
    out = [];
    err = [];
    spies = [
      jest
        .spyOn(process.stdout, 'write')
        .mockImplementation((c: string | Uint8Array) => out.push(String(c)) > 0),
      jest
        .spyOn(process.stderr, 'write')
        .mockImplementation((c: string | Uint8Array) => err.push(String(c)) > 0),
    ];
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  it('seals, then verifies the log (exit 0)', async () => {
    expect(await runCli(['audit', 'seal'])).toBe(0);
    expect(out.join('')).toContain('sealed 6 entries');
    expect(await runCli(['audit', 'verify'])).toBe(0);
    expect(JSON.parse(out[1])).toMatchObject({ ok: true, entries: 6, checkpoints: 1 });
    expect(out.join('')).toMatch(/audit log OK: 6 entries/);
  });

  it('prints the public key and the checkpoints as JSON lines', async () => {
    expect(await runCli(['audit', 'checkpoints'])).toBe(0);
    const [header, line] = out.join('').trim().split('\n');
    const publicKey = Buffer.from(await f.services.signer.publicKey()).toString('base64url');
    expect(header).toContain(publicKey);
    expect(JSON.parse(line)).toMatchObject({ seq: 6, publicKey });
  });

  it('fails verification against a pinned public key that did not sign', async () => {
    const other = Buffer.alloc(32, 5).toString('base64url');
    expect(await runCli(['audit', 'verify', '--public-key', other])).toBe(1);
    expect(err.join('')).toContain('FAILED at seq 6: checkpoint_signature');
  });

  it('exits 1 and names the first bad sequence number after tampering', async () => {
    await asSuperuser(f.dataSource, `DELETE FROM audit_entries WHERE seq = 3`);
    expect(await runCli(['audit', 'verify'])).toBe(1);
    expect(err.join('')).toContain('FAILED at seq 3: missing_entry');
  });

  it('explains its usage for an unknown subcommand (exit 2)', async () => {
    expect(await runCli(['audit', 'nope'])).toBe(2);
    expect(err.join('')).toContain('audit verify');
  });
});
