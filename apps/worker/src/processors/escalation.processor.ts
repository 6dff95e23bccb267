import { Process, Processor } from '@nestjs/bull';
import { JobName, JobPayloads, QueueName } from '@app/platform';
import { AutoAssignOutcome, EscalationOutcome, EscalationService } from '@app/triage';
import type { Job } from 'bull';

/** Delayed deadline jobs: the 75% warning, each breach round, and the critical auto-assignment. */
@Processor(QueueName.Escalation)
export class EscalationProcessor {
  constructor(private readonly escalation: EscalationService) {}

  @Process(JobName.SlaWarning)
  warn(job: Job<JobPayloads[JobName.SlaWarning]>): Promise<EscalationOutcome> {
    return this.escalation.warn(job.data);
  }

  @Process(JobName.SlaBreach)
  breach(job: Job<JobPayloads[JobName.SlaBreach]>): Promise<EscalationOutcome> {
    return this.escalation.breach(job.data);
  }

  @Process(JobName.AutoAssign)
  autoAssign(job: Job<JobPayloads[JobName.AutoAssign]>): Promise<AutoAssignOutcome> {
    return this.escalation.autoAssign(job.data);
  }
}
