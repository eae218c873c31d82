import type IORedis from 'ioredis';

/** The text of one Redis value of any type (what a seized Redis would show of it). */
async function valueText(redis: IORedis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}

/** Every key under `prefix` whose name or value contains one of `needles`, with the needles found. */
export async function redisKeysNaming(
  redis: IORedis,
  prefix: string,
  needles: string[],
): Promise<{ key: string; found: string[] }[]> {
  const hits: { key: string; found: string[] }[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    for (const key of keys) {
      const text = key + (await valueText(redis, key));
      const found = needles.filter((n) => text.includes(n));
      if (found.length) hits.push({ key, found });
    }
    cursor = next;
  } while (cursor !== '0');
  return hits;
}
