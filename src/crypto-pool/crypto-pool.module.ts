import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { initCrypto } from '../crypto';
import { CryptoPool, serviceDefaultPoolSize } from './crypto-pool';

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
@Module({
  providers: [
    {
      provide: CryptoPool,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        await initCrypto();
        return new CryptoPool({
          size: config.auth.cryptoPoolSize ?? serviceDefaultPoolSize(),
          // A derivation yields to requests rather than the other way round (BENCHMARKS.md).
          niceness: config.auth.cryptoPoolNiceness,
        });
      },
    },
    CryptoPoolLifecycle,
  ],
  exports: [CryptoPool],
})
export class CryptoPoolModule {}
