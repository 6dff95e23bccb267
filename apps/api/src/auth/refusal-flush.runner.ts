import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { RefusalTally } from '@app/identity';
import { IdentityConfig } from '@app/identity';

/**
 * Writes the aggregated refusal events (RefusalTally) of minutes that have ended, every
 * AUDIT_REFUSALS_FLUSH_SECONDS; every API replica runs it, and Redis hands each tally to one of
 * them. At shutdown, the tallies this process holds in memory are written at once.
 */
@Injectable()
export class RefusalFlushRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly tally: RefusalTally,
    private readonly config: IdentityConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => {
        this.running ??= this.tally
          .flush()
          .catch(() => 0)
          .finally(() => (this.running = undefined));
      },
      this.config.get('AUDIT_REFUSALS_FLUSH_SECONDS') * 1000,
    );
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.tally.flush(Date.now(), true);
  }
}
