import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { OutboxRelay, PlatformModule, PlatformQueueModule } from '@app/platform';
import { AuditCheckpointProcessor } from './processors/audit-checkpoint.processor';

/** Job delivery only: the outbox relay and the Bull processors, which delegate to lib services. */
@Module({
  imports: [PlatformModule, PlatformQueueModule.register(), AuditModule],
  providers: [OutboxRelay, AuditCheckpointProcessor],
})
export class WorkerModule {}
