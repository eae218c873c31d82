/**
 * Runs before each test file of the `crypto-wasm` Jest project: the same test/crypto files again,
 * on the WebAssembly backend (the browser's, and the server's fallback).
 */
import { selectCryptoBackend } from '../../src/crypto';

process.env.CORRIDOR_TEST_CRYPTO_BACKEND = 'wasm'; // read by test/crypto/backend-in-use.spec.ts
selectCryptoBackend('wasm');
