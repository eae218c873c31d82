export {
  CryptoPool,
  type CryptoPoolOptions,
  CRYPTO_WORKER_FILENAME,
  MAX_QUEUE_PER_THREAD,
} from './crypto-pool';
