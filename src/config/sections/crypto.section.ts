import { z } from 'zod';

/**
 * Which libsodium the server runs (src/crypto/sodium.ts): `native` (sodium-native, several times
 * faster), `wasm` (libsodium-wrappers-sumo, what browsers run) or `auto`: native when it loads,
 * else WebAssembly. Same functions, same bytes either way. `native` refuses to start when the
 * native module cannot be loaded instead of falling back.
 */
const cryptoSchema = z.object({
  CRYPTO_BACKEND: z.enum(['native', 'wasm', 'auto']).default('auto'),
});

export const cryptoSection = {
  schema: cryptoSchema,
  build: (env: z.infer<typeof cryptoSchema>) => ({ backend: env.CRYPTO_BACKEND }),
};
