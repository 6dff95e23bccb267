import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '@app/testing';
import Bull from 'bull';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config.service';
import { validateEnvironment } from '../config/config-schema';
import { createFailFastRedis } from '../redis/redis.module';
import { QueueMetrics } from './queue-metrics';
import { QueueName } from './queue-names';

const config = (prefix: string) =>
  new AppConfig(validateEnvironment({ NODE_ENV: 'test', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix }));

/** What the queue statistics read before QueueMetrics: Bull's keys, straight from Redis. */
async function rawCounts(redis: Redis, prefix: string, queue: QueueName) {
  const key = (part: string) => `${prefix}:bull:${queue}:${part}`;
  const [wait, paused, active, delayed, failed] = await Promise.all([
    redis.llen(key('wait')),
    redis.llen(key('paused')),
    redis.llen(key('active')),
    redis.zcard(key('delayed')),
    redis.zcard(key('failed')),
  ]);
  return { waiting: wait + paused, active, delayed, failed };
}

describe('QueueMetrics', () => {
  const prefix = uniqueRedisPrefix('queuemetrics');
  const redis = createFailFastRedis(TEST_REDIS_URL);
  const producers: Bull.Queue[] = [];
  const producer = (name: QueueName) => {
    const queue = new Bull(name, { prefix: `${prefix}:bull`, redis: TEST_REDIS_URL });
    producers.push(queue);
    return queue;
  };

  afterAll(async () => {
    await Promise.all(producers.map((q) => q.close()));
    redis.disconnect();
    await deleteRedisPrefix(prefix);
  });

  it("gives every queue's counts, the same numbers as Bull's keys hold (paused jobs count as waiting)", async () => {
    const triage = producer(QueueName.Triage);
    await triage.add('a', {});
    await triage.add('b', {});
    await triage.add('later', {}, { delay: 3_600_000 });
    const escalation = producer(QueueName.Escalation);
    await escalation.pause();
    await escalation.add('held', {});
    // A failed job, as Bull keeps it once its attempts are spent.
    await redis.zadd(`${prefix}:bull:${QueueName.Mail}:failed`, Date.now(), 'gone');

    const counts = await new QueueMetrics(redis, config(prefix)).counts(2_000);

    expect(counts?.[QueueName.Triage]).toEqual({ waiting: 2, active: 0, delayed: 1, failed: 0 });
    expect(counts?.[QueueName.Escalation]).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
    expect(counts?.[QueueName.Mail]).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    for (const queue of Object.values(QueueName)) {
      expect(counts?.[queue]).toEqual(await rawCounts(redis, prefix, queue));
    }
  });

  it('answers null at once when Redis cannot be reached, and never throws', async () => {
    const down = createFailFastRedis('redis://127.0.0.1:1');
    down.on('error', () => undefined);
    try {
      const started = Date.now();
      expect(await new QueueMetrics(down, config(prefix)).counts(1_000)).toBeNull();
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      down.disconnect();
    }
  });
});
