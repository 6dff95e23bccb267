import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PLATFORM_ENTITIES } from './platform.entities';
import { PlatformConfigModule } from './config/config.module';
import { RequestContextModule } from './context/request-context.module';
import { PlatformDatabaseModule } from './database/database.module';
import { PlatformLoggingModule } from './logging/logging.module';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboxService } from './outbox/outbox.service';
import { QueueMetrics } from './queue/queue-metrics';
import { PlatformRedisModule } from './redis/redis.module';

/**
 * What every app stands on: config, logging, request context, database, Redis, outbox writer, queue
 * metrics. Not global: a module whose providers inject any of these imports PlatformModule, which
 * re-exports them.
 */
@Module({
  imports: [
    PlatformConfigModule,
    PlatformLoggingModule,
    RequestContextModule,
    PlatformDatabaseModule,
    TypeOrmModule.forFeature(PLATFORM_ENTITIES),
    PlatformRedisModule,
  ],
  providers: [OutboxService, OutboxRepository, QueueMetrics],
  exports: [
    PlatformConfigModule,
    PlatformLoggingModule,
    RequestContextModule,
    PlatformDatabaseModule,
    PlatformRedisModule,
    OutboxService,
    OutboxRepository,
    QueueMetrics,
  ],
})
export class PlatformModule {}
