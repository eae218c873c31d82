export {
  CryptoPool,
  type CryptoPoolOptions,
  CRYPTO_WORKER_FILENAME,
  MAX_QUEUE_PER_THREAD,
  serviceDefaultPoolSize,
} from './crypto-pool';
