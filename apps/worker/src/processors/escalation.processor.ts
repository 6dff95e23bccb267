import { Process, Processor } from '@nestjs/bull';
import { JobPayload, QueueName } from '@app/platform';
import { AutoAssignOutcome, EscalationOutcome, EscalationService, triageJobs } from '@app/triage';
import type { Job } from 'bull';

/** Delayed deadline jobs: the 75% warning, each breach round, and the critical auto-assignment. */
@Processor(QueueName.Escalation)
export class EscalationProcessor {
  constructor(private readonly escalation: EscalationService) {}

  @Process(triageJobs.slaWarning.name)
  warn(job: Job<JobPayload<typeof triageJobs.slaWarning>>): Promise<EscalationOutcome> {
    return this.escalation.warn(job.data);
  }

  @Process(triageJobs.slaBreach.name)
  breach(job: Job<JobPayload<typeof triageJobs.slaBreach>>): Promise<EscalationOutcome> {
    return this.escalation.breach(job.data);
  }

  @Process(triageJobs.autoAssign.name)
  autoAssign(job: Job<JobPayload<typeof triageJobs.autoAssign>>): Promise<AutoAssignOutcome> {
    return this.escalation.autoAssign(job.data);
  }
}
