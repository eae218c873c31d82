import { availableParallelism } from 'node:os';
import { cryptoBackend, initCrypto, toHex } from '../../src/crypto';
import { CryptoPool, serviceDefaultPoolSize } from '../../src/crypto-pool';
import { FAST_KDF } from '../crypto/helpers';

/** The pool's threads run the KDF on the main thread's backend (or the one asked for), same bytes. */
const pools: CryptoPool[] = [];
const pool = (options: ConstructorParameters<typeof CryptoPool>[0]) => {
  const p = new CryptoPool(options);
  pools.push(p);
  return p;
};

beforeAll(() => initCrypto({ backend: 'native' }));
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('CryptoPool backend', () => {
  it('defaults to the backend of the main thread', async () => {
    expect(cryptoBackend()).toBe('native');
    expect(await pool({ size: 1 }).workerBackend()).toBe('native');
  });

  it('runs the backend it is given, and both derive the same keys', async () => {
    const wasm = pool({ size: 1, backend: 'wasm' });
    const native = pool({ size: 1, backend: 'native' });
    expect(await wasm.workerBackend()).toBe('wasm');
    const salt = new Uint8Array(16).fill(7);
    const [a, b] = await Promise.all(
      [wasm, native].map((p) => p.deriveReceiptKeys('4821 0937 5512 8064', salt, FAST_KDF)),
    );
    expect(toHex(a.slotKey)).toBe(toHex(b.slotKey));
    expect(toHex(a.lookupValue)).toBe(toHex(b.lookupValue));
    const [p1, p2] = await Promise.all(
      [wasm, native].map((p) => p.derivePasswordKeys('pass phrase', salt, FAST_KDF)),
    );
    expect(toHex(p1.verifier)).toBe(toHex(p2.verifier));
  });

  it('is sized for the KDF: every CPU on native, one left to the event loop on WebAssembly', () => {
    expect(serviceDefaultPoolSize('native')).toBe(availableParallelism());
    expect(serviceDefaultPoolSize('wasm')).toBe(Math.max(1, availableParallelism() - 1));
    expect(serviceDefaultPoolSize()).toBe(serviceDefaultPoolSize('native')); // the running backend
  });
});
