import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.service';
import { QueueName } from '../queue/queue-names';

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: unknown;
  run_at: Date;
}

const BATCH_SIZE = 100;
/** Bull's add() hangs rather than failing while Redis is down; give up on a publish after this. */
const PUBLISH_TIMEOUT_MS = 2000;
const MAX_BACKOFF_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publish timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes committed outbox rows to Bull, then marks them published. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several relays never publish the same row at once; the Bull jobId is
 * the row's job id, so a row republished after a crash between add() and commit deduplicates.
 * While Redis is down, publishing fails, rows stay unpublished and the relay backs off.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch of due rows. Exposed for tests. */
  async publishBatch(): Promise<{ published: number; failed: number }> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, queue, job_name, job_id, payload, run_at FROM outbox
         WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return { published: 0, failed: 0 };
      const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const published = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
      if (published.length) {
        await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [published]);
      }
      if (failed.length) {
        const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
        await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
          failed,
          String((reason as Error)?.message ?? reason).slice(0, 200),
        ]);
      }
      return { published: published.length, failed: failed.length };
    });
  }

  private publish(row: OutboxRow): Promise<unknown> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(row.queue), { strict: false });
    const delay = Math.max(0, new Date(row.run_at).getTime() - Date.now());
    return withTimeout(queue.add(row.job_name, row.payload, { jobId: row.job_id, delay }), PUBLISH_TIMEOUT_MS);
  }

  private async run(): Promise<void> {
    const pollMs = this.config.get('OUTBOX_POLL_MS');
    while (this.running) {
      let published = 0;
      try {
        const result = await this.publishBatch();
        published = result.published;
        if (result.failed > 0) throw new Error(`${result.failed} outbox rows could not be published`);
        if (this.failures > 0) this.logger.log('outbox relay publishing again');
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({ failures: this.failures, err: (error as Error).message }, 'outbox publish failed; will retry');
        }
      }
      if (published === BATCH_SIZE) continue;
      const backoff = this.failures ? Math.min(pollMs * 2 ** this.failures, MAX_BACKOFF_MS) : pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
