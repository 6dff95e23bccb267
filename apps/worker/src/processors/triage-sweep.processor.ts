import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName } from '@app/platform';
import { SweepService, TriageSettings } from '@app/triage';
import type { Queue } from 'bull';
import { RepeatableSchedule } from '../scheduling/repeatable-schedule';

/**
 * The triage sweeper: a repeatable job every TRIAGE_SWEEP_EVERY_SECONDS that republishes requests
 * still `submitted` and re-creates lost deadline escalations, SLA warnings and critical
 * auto-assignments (SweepService). Scheduled by the worker at start; Bull's repeat key makes
 * several workers share one schedule. A schedule left by a different interval is replaced.
 */
@Processor(QueueName.Maintenance)
export class TriageSweepProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule: RepeatableSchedule;

  constructor(
    @InjectQueue(QueueName.Maintenance) queue: Queue,
    private readonly sweeper: SweepService,
    settings: TriageSettings,
  ) {
    this.schedule = new RepeatableSchedule(
      queue,
      [{ name: JobName.SweepSubmitted, everyMs: settings.sweepEverySeconds * 1000, jobId: 'triage-sweep' }],
      new Logger(TriageSweepProcessor.name),
      'the triage sweeper',
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  @Process(JobName.SweepSubmitted)
  sweep(): Promise<{ triage: number; escalations: number; warningsAndAutoAssigns: number }> {
    return this.sweeper.sweep();
  }
}
