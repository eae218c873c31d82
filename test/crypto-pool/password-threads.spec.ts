import { initCrypto, isCryptoError, toHex } from '../../src/crypto';
import { derivePasswordKeys } from '../../src/crypto';
import { CryptoPool } from '../../src/crypto-pool';
import { FAST_KDF } from '../crypto/helpers';

/*
 * Password derivations (64 MiB each in production) run on at most `passwordThreads` threads
 * (default size − 1) while receipts may use all of them: a burst of sign-ins keeps a core for
 * requests and bounds the KDF memory; the waiting ones are bounded by maxQueue like the pool's.
 */
const salt = new Uint8Array(16).fill(9);
let pool: CryptoPool | undefined;
beforeAll(() => initCrypto());
afterEach(() => pool?.close());

describe('CryptoPool password threads', () => {
  it('default to size − 1; the rest of the password tasks wait, receipts do not', async () => {
    pool = new CryptoPool({ size: 2 });
    expect(pool.passwordThreads).toBe(1);
    const passwords = ['a1', 'b2', 'c3'].map((p) => pool!.derivePasswordKeys(p, salt, FAST_KDF));
    expect(pool.queueSize).toBe(2); // one runs, two wait for the password thread
    const keys = await Promise.all(passwords);
    expect(keys.map((k) => toHex(k.verifier))).toEqual(
      ['a1', 'b2', 'c3'].map((p) => toHex(derivePasswordKeys(p, salt, FAST_KDF).verifier)),
    );
    const receipts = ['1111 2222 3333 4444', '5555 6666 7777 8888'].map((r) =>
      pool!.deriveReceiptKeys(r, salt, FAST_KDF),
    );
    expect(pool.queueSize).toBe(0); // both threads take one
    await Promise.all(receipts);
  });

  it('refuses password tasks beyond maxQueue waiting with BUSY', async () => {
    pool = new CryptoPool({ size: 2, maxQueue: 1 });
    const settled = await Promise.allSettled(
      ['a', 'b', 'c'].map((p) => pool!.derivePasswordKeys(p, salt, FAST_KDF)),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const reason = (settled[2] as PromiseRejectedResult).reason;
    expect(isCryptoError(reason) && reason.code).toBe('BUSY');
  });

  it('a pool of one thread still derives passwords; passwordThreads is bounded by the size', () => {
    pool = new CryptoPool({ size: 1 });
    expect(pool.passwordThreads).toBe(1);
    expect(() => new CryptoPool({ size: 2, passwordThreads: 3 })).toThrow(/passwordThreads/);
  });

  it('waiting password tasks fail, not hang, when the pool closes', async () => {
    pool = new CryptoPool({ size: 2 });
    const settled = Promise.allSettled(['a', 'b'].map((p) => pool!.derivePasswordKeys(p, salt, FAST_KDF)));
    await pool.close();
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
