/**
 * Runs before each test file of the `server` Jest project: the crypto module uses the native
 * backend, as the server does. Explicit rather than `auto`, so a sodium-native that fails to load
 * fails the tests instead of quietly running them on WebAssembly.
 */
import { selectCryptoBackend } from '../../src/crypto';

process.env.CORRIDOR_TEST_CRYPTO_BACKEND = 'native'; // read by test/crypto/backend-in-use.spec.ts
selectCryptoBackend('native');
