import type IORedis from 'ioredis';

/**
 * Runs a Lua script with EVAL (Redis caches the compiled script by its hash, so resending the text
 * costs a hash of a few hundred bytes). Not ioredis' `defineCommand`: its EVALSHA-then-load fallback
 * breaks inside the automatic pipelines of the command connection ("results[i] is not iterable",
 * a hang) when several first calls of a script share one pipeline.
 */
export function runScript<T>(
  connection: IORedis,
  lua: string,
  keys: string[],
  args: (string | number)[] = [],
): Promise<T> {
  return connection.eval(lua, keys.length, ...keys, ...args) as Promise<T>;
}
