import { Module } from '@nestjs/common';
import { RequestContextModule } from './context/request-context.module';
import { PlatformDatabaseModule } from './database/database.module';
import { PlatformLoggingModule } from './logging/logging.module';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboxService } from './outbox/outbox.service';
import { PlatformRedisModule } from './redis/redis.module';

/** What both apps stand on: config, logging, request context, database, Redis, outbox writer. */
@Module({
  imports: [
    PlatformLoggingModule,
    RequestContextModule,
    PlatformDatabaseModule,
    PlatformRedisModule,
  ],
  providers: [OutboxService, OutboxRepository],
  exports: [OutboxService, OutboxRepository],
})
export class PlatformModule {}
