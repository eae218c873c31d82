import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { cryptoBackend, initCrypto, sodiumVersion } from '../crypto';
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
 * sessions), and libsodium initialised — on the backend CRYPTO_BACKEND names — before any
 * provider uses the crypto module. CRYPTO_BACKEND=native without a loadable sodium-native throws
 * here, so the process refuses to start rather than run on WebAssembly unnoticed.
 */
@Module({
  providers: [
    {
      provide: CryptoPool,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        await initCrypto({ backend: config.crypto.backend });
        new Logger('Crypto').log(
          { backend: cryptoBackend(), requested: config.crypto.backend, libsodium: sodiumVersion() },
          'crypto backend',
        );
        return new CryptoPool({
          size: config.auth.cryptoPoolSize ?? serviceDefaultPoolSize(cryptoBackend()),
          // A derivation yields to requests rather than the other way round (BENCHMARKS.md).
          niceness: config.auth.cryptoPoolNiceness,
          backend: cryptoBackend(),
        });
      },
    },
    CryptoPoolLifecycle,
  ],
  exports: [CryptoPool],
})
export class CryptoPoolModule {}
