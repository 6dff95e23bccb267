import { Inject, Injectable } from '@nestjs/common';
import Bull from 'bull';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config.service';
import { REDIS } from '../redis/redis.module';
import { withTimeout } from '../timeouts/with-timeout';
import { QueueName } from './queue-names';
import { bullPrefix } from './queue.module';

/** Jobs of one queue by state; `waiting` includes jobs held while the queue is paused. */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

const QUEUES = Object.values(QueueName);

/**
 * Job counts of every queue, for request paths (queue statistics). Through Bull's public
 * `getJobCounts` on read-only Queue handles that share the fail-fast Redis client, so nothing
 * outside Bull knows its key layout, and a Redis outage fails at once instead of queueing commands
 * (Bull's own connections would wait for Redis: docs/stack.md). The handles only count: they never
 * add, process or subscribe.
 */
@Injectable()
export class QueueMetrics {
  private handles: Map<QueueName, Bull.Queue> | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Counts per queue, or null when Redis fails or is slower than `timeoutMs`. Never throws, never hangs. */
  async counts(timeoutMs: number): Promise<Record<QueueName, QueueCounts> | null> {
    try {
      const queues = this.queues();
      const all = Promise.all(
        QUEUES.map(async (name) => {
          // Bull counts paused jobs too; its typings leave the field out.
          const c = (await queues.get(name)!.getJobCounts()) as Bull.JobCounts & { paused?: number };
          const counts: QueueCounts = {
            waiting: c.waiting + (c.paused ?? 0),
            active: c.active,
            delayed: c.delayed,
            failed: c.failed,
          };
          return [name, counts] as const;
        }),
      );
      all.catch(() => undefined); // a late failure after the timeout is nobody's to report
      return Object.fromEntries(await withTimeout(all, timeoutMs, 'queue counts')) as Record<
        QueueName,
        QueueCounts
      >;
    } catch {
      return null;
    }
  }

  private queues(): Map<QueueName, Bull.Queue> {
    if (!this.handles) {
      this.handles = new Map(
        QUEUES.map((name) => {
          const queue = new Bull(name, {
            prefix: bullPrefix(this.config),
            // Only the plain client is ever asked for (counting); Bull's version check would add an INFO per queue.
            createClient: () => this.redis,
            skipVersionCheck: true,
          } as Bull.QueueOptions);
          // Bull re-emits the client's errors on the queue; the fail-fast client's errors are the health check's to report.
          queue.on('error', () => undefined);
          return [name, queue] as const;
        }),
      );
    }
    return this.handles;
  }
}
