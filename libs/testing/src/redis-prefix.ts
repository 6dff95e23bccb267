import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_REDIS_URL } from './test-env';

/** A Redis key prefix private to one test file. */
export function uniqueRedisPrefix(label: string): string {
  return `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 16)}_${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (after a suite). */
export async function deleteRedisPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis may be deliberately down at the end of an outage test; the prefix is unique anyway.
  } finally {
    redis.disconnect();
  }
}
