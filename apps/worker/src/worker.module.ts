import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ConsultationsModule } from '@app/consultations';
import { MailModule, mailJobs } from '@app/mail';
import { NotificationsModule } from '@app/notifications';
import {
  jobOptionsByName,
  OUTBOX_JOB_OPTIONS,
  OutboxRelay,
  PlatformModule,
  PlatformQueueModule,
} from '@app/platform';
import { TriageModule } from '@app/triage';
import { AccountLinkMailProcessor } from './processors/account-link-mail.processor';
import { AuditCheckpointProcessor } from './processors/audit-checkpoint.processor';
import { EscalationProcessor } from './processors/escalation.processor';
import { HousekeepingProcessor } from './processors/housekeeping.processor';
import { MailSweepProcessor } from './processors/mail-sweep.processor';
import { MailProcessor } from './processors/mail.processor';
import { NotificationProcessor } from './processors/notification.processor';
import { RetentionProcessor } from './processors/retention.processor';
import { TriageSweepProcessor } from './processors/triage-sweep.processor';
import { TriageProcessor } from './processors/triage.processor';
import { WorkerHeartbeat } from './health/worker-heartbeat';

/** Job delivery only: the outbox relay and the Bull processors, which delegate to lib services. */
@Module({
  imports: [
    PlatformModule,
    PlatformQueueModule.register(),
    AuditModule,
    ConsultationsModule,
    TriageModule,
    NotificationsModule,
    MailModule,
  ],
  providers: [
    OutboxRelay,
    // The jobs whose retry policy differs from the default, which the relay adds when it publishes.
    { provide: OUTBOX_JOB_OPTIONS, useValue: jobOptionsByName([mailJobs.send]) },
    AuditCheckpointProcessor,
    TriageProcessor,
    EscalationProcessor,
    NotificationProcessor,
    TriageSweepProcessor,
    HousekeepingProcessor,
    RetentionProcessor,
    MailProcessor,
    MailSweepProcessor,
    AccountLinkMailProcessor,
    WorkerHeartbeat,
  ],
})
export class WorkerModule {}
