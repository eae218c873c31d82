import type { CliCommand, CliIo } from '../common/cli/command';
import { withDataSource } from '../database/with-data-source';
import { fromBase64Url, initCrypto, toBase64Url } from '../crypto';
import { createAuditServices } from './audit-standalone';
import { signingKeyId } from './audit-signer';
import { checkpointForExport } from './audit-witness';

const USAGE = [
  'audit verify [--public-key <base64url>] [--seal]   recompute the chain, check every checkpoint; exit 1 on failure',
  'audit checkpoints [--after <seq>]                   print the public key and the signed checkpoints (JSON lines)',
  'audit seal                                          seal committed entries now (the worker does this continuously)',
].join('\n         ');

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * `npm run cli -- audit …`. `verify` only reads (an auditor can run it with a read-only database
 * role, pinning the public key they keep offline); `--seal` seals pending entries first.
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Verify the audit log, export its signed checkpoints, or seal pending entries.',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const [sub, ...args] = io.args;
    if (sub === 'verify') return verify(io, args);
    if (sub === 'checkpoints') return checkpoints(io, args);
    if (sub === 'seal') return seal(io);
    io.err(`usage: ${USAGE}`);
    return 2;
  },
};

async function verify({ config, out, err }: CliIo, args: string[]): Promise<number> {
  await initCrypto();
  const pinned = option(args, '--public-key');
  const publicKey = pinned ? fromBase64Url(pinned) : undefined;
  if (publicKey && publicKey.length !== 32) {
    err('--public-key must be base64url of a 32-byte Ed25519 public key');
    return 2;
  }
  return withDataSource(config, async (ds) => {
    const { sealer, verifier } = createAuditServices(ds, config);
    if (args.includes('--seal')) await sealer.sealPending();
    const started = Date.now();
    const result = await verifier.verify({ publicKey });
    out(JSON.stringify(result));
    if (result.ok) {
      out(
        `audit log OK: ${result.entries} entries, ${result.checkpoints} checkpoints (${Date.now() - started} ms)`,
      );
      return 0;
    }
    err(`AUDIT LOG VERIFICATION FAILED at seq ${result.firstBadSeq}: ${result.problem}`);
    return 1;
  });
}

async function checkpoints({ config, out }: CliIo, args: string[]): Promise<number> {
  await initCrypto();
  const after = Number(option(args, '--after') ?? 0);
  return withDataSource(config, async (ds) => {
    const services = createAuditServices(ds, config);
    const publicKey = await services.signer.publicKey();
    out(
      `# audit signing public key (pin it offline): ${toBase64Url(publicKey)} key id ${signingKeyId(publicKey)}`,
    );
    for (const c of await services.checkpoints.all()) {
      if (c.seq > after) out(JSON.stringify(checkpointForExport(c, publicKey)));
    }
    return 0;
  });
}

async function seal({ config, out }: CliIo): Promise<number> {
  return withDataSource(config, async (ds) => {
    const { sealer } = createAuditServices(ds, config);
    const sealed = await sealer.sealPending();
    await sealer.witnessSettled();
    out(`sealed ${sealed} entries`);
    return 0;
  });
}
