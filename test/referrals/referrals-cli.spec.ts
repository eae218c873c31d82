import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../src/common/cli/command';
import type { AppConfig } from '../../src/config';
import {
  fromBase64Url,
  initCrypto,
  keyPairFromPrivateKey,
  toBase64Url,
  generateUserKeyPair,
} from '../../src/crypto';
import { sealReferralPackage } from '../../src/referrals/referral-package';
import { referralsKeygenCommand, referralsOpenCommand } from '../../src/referrals/referrals.commands';

/** The partner's side of `npm run cli`: no database, no server secrets, the private key on stdin. */
function io(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    args,
    config: {} as AppConfig,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: Readable.from([stdin]),
  };
  return { cli, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'referral-'));
beforeAll(() => initCrypto());

function packageFile(partnerPublicKey: Uint8Array, fields: Record<string, unknown>) {
  const referralId = randomUUID();
  const { document } = sealReferralPackage(partnerPublicKey, {
    referralId,
    acknowledgeBy: '2026-12-09',
    fields,
  });
  const path = join(dir, `${referralId}.json`);
  writeFileSync(path, JSON.stringify(document));
  return { path, referralId, document };
}

it('referrals:keygen prints a key pair whose halves belong together', async () => {
  const { cli, out } = io([]);
  expect(await referralsKeygenCommand.run(cli)).toBe(0);
  const [publicKey, privateKey] = out.map((l) => l.split(/:\s+/)[1]);
  expect(toBase64Url(keyPairFromPrivateKey(fromBase64Url(privateKey)).publicKey)).toBe(publicKey);
});

it('referrals:open prints the fields of a package with the partner private key read from stdin', async () => {
  const partner = generateUserKeyPair();
  const { path, referralId } = packageFile(partner.publicKey, { alias: 'Zara', needs: ['shelter'] });
  const { cli, out, err } = io([path], `${toBase64Url(partner.privateKey)}\n`);
  expect(await referralsOpenCommand.run(cli)).toBe(0);
  expect(err).toEqual([]);
  expect(JSON.parse(out.join('\n'))).toEqual({
    format: 'corridor-referral/1',
    referralId,
    acknowledgeBy: '2026-12-09',
    fields: { alias: 'Zara', needs: ['shelter'] },
  });
});

it('refuses another key, an altered package, a file that is not a package, and a missing argument', async () => {
  const partner = generateUserKeyPair();
  const { path, document } = packageFile(partner.publicKey, { alias: 'Zara' });
  const other = io([path], `${toBase64Url(generateUserKeyPair().privateKey)}\n`);
  expect(await referralsOpenCommand.run(other.cli)).toBe(1);
  expect(other.err.join('\n')).toMatch(/does not open with this key/);
  expect(other.out).toEqual([]);

  const movedPath = join(dir, 'moved.json');
  writeFileSync(movedPath, JSON.stringify({ ...document, referralId: randomUUID() }));
  const moved = io([movedPath], `${toBase64Url(partner.privateKey)}\n`);
  expect(await referralsOpenCommand.run(moved.cli)).toBe(1);
  expect(moved.out).toEqual([]);

  const junkPath = join(dir, 'junk.json');
  writeFileSync(junkPath, '{"hello": 1}');
  const junk = io([junkPath], `${toBase64Url(partner.privateKey)}\n`);
  expect(await referralsOpenCommand.run(junk.cli)).toBe(1);
  expect(junk.err.join('\n')).toMatch(/not a corridor-referral-package\/1 document/);

  const shortKey = io([path], `${toBase64Url(new Uint8Array(16))}\n`);
  expect(await referralsOpenCommand.run(shortKey.cli)).toBe(1);

  expect(await referralsOpenCommand.run(io([]).cli)).toBe(2);
  expect(await referralsOpenCommand.run(io([join(dir, 'absent.json')]).cli)).toBe(2);
});
