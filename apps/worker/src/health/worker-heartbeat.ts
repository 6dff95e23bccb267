import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, Database } from '@app/platform';
import { rmSync, writeFileSync } from 'node:fs';

/** How often the heartbeat is written; the compose healthcheck allows three missed beats. */
export const HEARTBEAT_EVERY_MS = 10_000;

/**
 * The worker has no HTTP port, so its health is a file: every HEARTBEAT_EVERY_MS, while the
 * database answers, the worker writes the time into WORKER_HEARTBEAT_FILE (when set). A healthcheck
 * (docker-compose.yml) calls the worker unhealthy when the file is older than 30 s: the process is
 * hung, or it cannot reach its database. The file is removed on a clean stop.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private timer?: NodeJS.Timeout;
  private readonly file: string | undefined;

  constructor(
    config: AppConfig,
    private readonly db: Database,
  ) {
    this.file = config.get('WORKER_HEARTBEAT_FILE') || undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.file) return;
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    if (this.file) rmSync(this.file, { force: true });
  }

  /** Writes the heartbeat if the database answers. Exposed for tests. */
  async beat(): Promise<boolean> {
    if (!this.file) return false;
    try {
      await this.db.query('SELECT 1');
      writeFileSync(this.file, new Date().toISOString());
      return true;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'no heartbeat: the database does not answer');
      return false;
    }
  }
}
