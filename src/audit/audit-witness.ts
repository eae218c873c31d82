import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { toBase64Url } from '../crypto';
import { AuditCheckpoint } from './audit-checkpoint.repository';

/** What a witness receives: the signed head and the key to check it with. No entry content. */
export function checkpointForExport(c: AuditCheckpoint, publicKey: Uint8Array) {
  return {
    seq: c.seq,
    hash: c.hash.toString('hex'),
    signedAt: c.signedAt,
    keyId: c.keyId,
    publicKey: toBase64Url(publicKey),
    signature: toBase64Url(c.signature),
  };
}

/**
 * Sends each new checkpoint to the configured witness (a URL outside this install, e.g. a partner
 * organisation), so that a rewritten log cannot come with a matching rewritten checkpoint table.
 * Best effort: a failure is logged (status or error class only) and never blocks sealing; the
 * checkpoint stays in the table and `audit checkpoints` can export it later.
 */
@Injectable()
export class AuditWitness {
  private readonly logger = new Logger('AuditWitness');

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'audit'>) {}

  async publish(c: AuditCheckpoint, publicKey: Uint8Array): Promise<boolean> {
    const url = this.config.audit.witnessUrl;
    if (!url) return false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(checkpointForExport(c, publicKey)),
        signal: AbortSignal.timeout(this.config.audit.witnessTimeoutMs),
        redirect: 'error',
      });
      await res.body?.cancel();
      if (res.ok) return true;
      this.logger.warn({ seq: c.seq, status: res.status }, 'audit witness refused the checkpoint');
    } catch (error) {
      this.logger.warn({ seq: c.seq, error: (error as Error).name }, 'audit witness unreachable');
    }
    return false;
  }
}
