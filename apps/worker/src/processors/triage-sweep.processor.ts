import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { QueueName, RepeatableSchedules } from '@app/platform';
import { SweepService, triageJobs, TriageSettings } from '@app/triage';
import type { Queue } from 'bull';

/**
 * The triage sweeper: a repeatable job every TRIAGE_SWEEP_EVERY_SECONDS that republishes requests
 * still `submitted` and re-creates lost deadline escalations, SLA warnings and critical
 * auto-assignments (SweepService). Scheduled by the worker at start; Bull's repeat key makes
 * several workers share one schedule. A schedule left by a different interval is replaced.
 */
@Processor(QueueName.Maintenance)
export class TriageSweepProcessor {
  constructor(
    @InjectQueue(QueueName.Maintenance) queue: Queue,
    private readonly sweeper: SweepService,
    settings: TriageSettings,
    schedules: RepeatableSchedules,
  ) {
    schedules.keep(
      queue,
      [
        {
          name: triageJobs.sweepSubmitted.name,
          everyMs: settings.sweepEverySeconds * 1000,
          jobId: 'triage-sweep',
        },
      ],
      'the triage sweeper',
    );
  }

  @Process(triageJobs.sweepSubmitted.name)
  sweep(): Promise<{ triage: number; escalations: number; warningsAndAutoAssigns: number }> {
    return this.sweeper.sweep();
  }
}
