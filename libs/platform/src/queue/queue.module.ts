import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config.service';
import { PlatformConfigModule } from '../config/config.module';
import { RepeatableSchedules } from '../schedules/repeatable-schedules';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { QueueName } from './queue-names';

/** Where Bull keeps its keys: one prefix for the worker's queues and for QueueMetrics' counts. */
export function bullPrefix(config: AppConfig): string {
  return `${config.get('REDIS_PREFIX')}:bull`;
}

/**
 * Bull on Redis, and the repeatable schedules kept on it. Only the worker and the outbox relay talk
 * to queues; nothing on an HTTP request path awaits Bull, whose `add()` hangs while Redis is down
 * (docs/stack.md).
 */
@Module({})
export class PlatformQueueModule {
  static register(): DynamicModule {
    return {
      module: PlatformQueueModule,
      imports: [
        BullModule.forRootAsync({
          imports: [PlatformConfigModule],
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            prefix: bullPrefix(config),
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
            // A worker killed mid-job leaves it active with a lock that lapses; stalled-job checks
            // then run it again (the handlers are idempotent).
            settings: {
              lockDuration: config.get('BULL_LOCK_DURATION_MS'),
              stalledInterval: config.get('BULL_STALLED_INTERVAL_MS'),
            },
            createClient: () =>
              new Redis(config.get('REDIS_URL'), {
                // Bull requires these for its blocking and subscriber connections.
                maxRetriesPerRequest: null,
                enableReadyCheck: false,
                retryStrategy: (times) => Math.min(times * 250, 3000),
              }),
          }),
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [RepeatableSchedules],
      exports: [BullModule, RepeatableSchedules],
    };
  }
}
