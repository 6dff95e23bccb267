import { getQueueToken } from '@nestjs/bull';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config.service';
import { Database } from '../database/database';
import { pgClientSettings } from '../database/database-options';
import { databaseUnavailable } from '../database/database-unavailable';
import { JobOptionsByName, OUTBOX_JOB_OPTIONS } from '../queue/job-options';
import { OutboxRepository, OutboxRow } from './outbox.repository';
import { withTimeout } from '../timeouts/with-timeout';

const BATCH_SIZE = 100;
/** Bull's add() hangs rather than failing while Redis is down; give up on a publish after this. */
const PUBLISH_TIMEOUT_MS = 2000;
const MAX_BACKOFF_MS = 10_000;
/** The channel the outbox trigger notifies on commit (migration 1764300000700). */
const CHANNEL = 'outbox';
/** While the listening connection is lost, try again this often: a returning database is noticed at once. */
const LISTEN_RETRY_MS = 1000;

/** Why a publish or a batch failed, for the log: an error code and message, never a payload. */
function failureReason(error: unknown): { code?: string; message: string } {
  const db = databaseUnavailable(error);
  if (db) return db;
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return {
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: String(typeof e?.message === 'string' ? e.message : error).slice(0, 200),
  };
}

/** Some rows of a batch could not be published to Bull; carries the first reason. */
class PublishFailed extends Error {
  constructor(
    readonly failed: number,
    readonly reason: unknown,
  ) {
    super(`${failed} outbox rows could not be published`);
  }
}

/**
 * Publishes committed outbox rows to Bull, then marks them published. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several relays never publish the same row at once; the Bull jobId is
 * the row's job id, so a row republished after a crash between add() and commit deduplicates.
 * While Redis is down, publishing fails, rows stay unpublished and the relay backs off.
 *
 * The relay runs when the database tells it a job was committed (LISTEN on a connection of its
 * own; the outbox trigger notifies on commit), and every OUTBOX_POLL_MS in any case, so a missed
 * notification or a lost listening connection only costs the poll interval. Notifications that
 * arrive while a batch is being published make the relay go again right after it. While it backs
 * off after failures (Redis or the database down), a notification still wakes it: a commit means
 * the database is back. A lost listening connection is retried every second, so the relay hears
 * the first commit after the database returns.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;
  /** A notification came since the last batch began: go again without waiting. */
  private notified = false;
  private listener?: Client;
  private listenRetry?: NodeJS.Timeout;
  private listenLost = false;
  /** The last batch failed because the database did not answer (not Redis): a notification ends the backoff. */
  private databaseDown = false;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
    @Optional() @Inject(OUTBOX_JOB_OPTIONS) private readonly jobOptions: JobOptionsByName = {},
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
    void this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.listenRetry);
    this.wake?.();
    await this.loop;
    await this.closeListener();
  }

  /** Publishes one batch of due rows. Exposed for tests. */
  async publishBatch(): Promise<{ published: number; failed: number; reason?: unknown }> {
    return this.db.transaction(async (tx) => {
      const rows = await this.outbox.claimDue(tx, BATCH_SIZE);
      if (rows.length === 0) return { published: 0, failed: 0 };
      const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const published = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
      if (published.length) {
        await this.outbox.markPublished(tx, published);
      }
      let reason: unknown;
      if (failed.length) {
        reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
        await this.outbox.markFailed(tx, failed, failureReason(reason).message);
      }
      return { published: published.length, failed: failed.length, reason };
    });
  }

  private publish(row: OutboxRow): Promise<unknown> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(row.queue), { strict: false });
    const delay = Math.max(0, new Date(row.run_at).getTime() - Date.now());
    return withTimeout(
      queue.add(row.job_name, row.payload, {
        ...this.jobOptions[row.job_name],
        jobId: row.job_id,
        delay,
      }),
      PUBLISH_TIMEOUT_MS,
      'publish',
    ).catch((error: Error) => {
      // Bull's add() hangs rather than failing while Redis is away: say what the connection is doing.
      const status = (queue as { client?: { status?: string } }).client?.status;
      if (status && status !== 'ready') error.message += ` (Redis connection ${status})`;
      throw error;
    });
  }

  /** Listens for the outbox trigger's notifications; on failure, retries later (polling goes on meanwhile). */
  private async listen(): Promise<void> {
    if (!this.running || this.listener) return;
    const client = new Client({
      connectionString: this.config.get('DATABASE_URL'),
      ...pgClientSettings({
        statementTimeoutMs: 0,
        connectTimeoutMs: this.config.get('DATABASE_CONNECT_TIMEOUT_MS'),
        keepAliveDelayMs: this.config.get('DATABASE_KEEPALIVE_DELAY_MS'),
      }),
    });
    this.listener = client;
    client.on('notification', () => this.nudge());
    client.on('error', (error) => this.listenerLost(client, error));
    client.on('end', () => this.listenerLost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.listenLost) this.logger.log('outbox relay listening for notifications again');
      this.listenLost = false;
      // Rows committed before LISTEN took effect (or while the database was away) are found by
      // this batch, at once even if the relay was backing off.
      this.nudge();
    } catch (error) {
      this.listenerLost(client, error as Error);
    }
  }

  private listenerLost(client: Client, error: Error): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (!this.running) return;
    // One line per outage, not one per attempt: the retries go on every second.
    if (!this.listenLost) {
      this.listenLost = true;
      this.logger.warn(
        { cause: failureReason(error) },
        'outbox relay not listening for notifications; polling only, will retry',
      );
    }
    this.listenRetry = setTimeout(() => void this.listen(), LISTEN_RETRY_MS);
    this.listenRetry.unref();
  }

  private async closeListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  /** A job was committed (or the listener is back): publish now, or right after the batch in progress. */
  private nudge(): void {
    this.notified = true;
    // While Redis is down a commit says nothing about Redis: keep backing off. While the database
    // was down, a notification (or LISTEN working again) means it is back.
    if (this.failures === 0 || this.databaseDown) this.wake?.();
  }

  private async run(): Promise<void> {
    const pollMs = this.config.get('OUTBOX_POLL_MS');
    while (this.running) {
      let published = 0;
      this.notified = false;
      try {
        const result = await this.publishBatch();
        published = result.published;
        if (result.failed > 0) throw new PublishFailed(result.failed, result.reason);
        if (this.failures > 0) this.logger.log('outbox relay publishing again');
        this.failures = 0;
        this.databaseDown = false;
      } catch (error) {
        this.failures += 1;
        this.databaseDown = !(error instanceof PublishFailed);
        if (this.failures === 1 || this.failures % 20 === 0) {
          const unpublished = error instanceof PublishFailed ? { rows: error.failed } : {};
          this.logger.warn(
            {
              failures: this.failures,
              ...unpublished,
              cause: failureReason(error instanceof PublishFailed ? error.reason : error),
            },
            error instanceof PublishFailed
              ? 'outbox publish to Redis failed; rows stay in the outbox, will retry'
              : 'outbox relay cannot read the outbox (database); will retry',
          );
        }
      }
      if (!this.running) break;
      // Notified while the batch ran: go again now (also after a database failure: it answers again).
      if ((this.failures === 0 || this.databaseDown) && (published === BATCH_SIZE || this.notified)) continue;
      const backoff = this.failures ? Math.min(pollMs * 2 ** this.failures, MAX_BACKOFF_MS) : pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
