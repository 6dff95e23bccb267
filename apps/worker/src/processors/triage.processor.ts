import { Process, Processor } from '@nestjs/bull';
import { consultationJobs } from '@app/consultations';
import { JobPayload, QueueName } from '@app/platform';
import { DeadlineOutcome, TRIAGE_BATCH_MAX, TriageOutcome, TriageService } from '@app/triage';
import type { Job } from 'bull';

/**
 * Jobs taken from Redis at once per worker: enough to fill two triage batches (TriageService
 * triages the jobs that wait together in one transaction). Each job mostly waits on PostgreSQL.
 */
const CONCURRENCY = 2 * TRIAGE_BATCH_MAX;

/**
 * consultation.submitted → TriageService. A throw is retried with exponential backoff (the
 * default job options); a job that exhausts its attempts stays in Bull's failed set, counted by
 * GET /stats/queue, and the sweeper republishes the still-unscored request.
 * consultation.priority_overridden → the deadline of the priority a person set.
 */
@Processor(QueueName.Triage)
export class TriageProcessor {
  constructor(private readonly triage: TriageService) {}

  @Process({ name: consultationJobs.submitted.name, concurrency: CONCURRENCY })
  handle(job: Job<JobPayload<typeof consultationJobs.submitted>>): Promise<TriageOutcome> {
    return this.triage.triage(job.data.consultationId);
  }

  @Process(consultationJobs.priorityOverridden.name)
  reschedule(job: Job<JobPayload<typeof consultationJobs.priorityOverridden>>): Promise<DeadlineOutcome> {
    return this.triage.rescheduleAfterOverride(job.data.consultationId);
  }
}
