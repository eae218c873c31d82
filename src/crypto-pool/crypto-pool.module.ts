import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { initCrypto } from '../crypto';
import { CryptoPool } from './crypto-pool';

/**
 * Closes the pool's threads when the application stops (a pool left open keeps the process, and
 * Jest, alive).
 */
@Injectable()
class CryptoPoolLifecycle implements OnApplicationShutdown {
  constructor(@Inject(CryptoPool) private readonly pool: CryptoPool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * One CryptoPool per process, shared by every feature (sign-in, intake receipts, reporter
 * sessions), and libsodium initialised before any provider uses the crypto module.
 */
@Global()
@Module({
  providers: [
    {
      provide: CryptoPool,
      useFactory: async () => {
        await initCrypto();
        return new CryptoPool();
      },
    },
    CryptoPoolLifecycle,
  ],
  exports: [CryptoPool],
})
export class CryptoPoolModule {}
