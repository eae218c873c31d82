export { CryptoPool, type CryptoPoolOptions, CRYPTO_WORKER_FILENAME } from './crypto-pool';
