import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MailSettings, MailSweepService } from '@app/mail';
import { JobName, QueueName } from '@app/platform';
import type { Queue } from 'bull';
import { RepeatableSchedule } from '../scheduling/repeatable-schedule';

/**
 * The mail sweeper: a repeatable job every MAIL_SWEEP_EVERY_SECONDS that publishes again the mails
 * whose job was lost (MailSweepService). Scheduled only when email is on; Bull's repeat key makes
 * several workers share one schedule.
 */
@Processor(QueueName.Mail)
export class MailSweepProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule?: RepeatableSchedule;

  constructor(
    @InjectQueue(QueueName.Mail) queue: Queue,
    private readonly sweeper: MailSweepService,
    settings: MailSettings,
  ) {
    if (!settings.enabled) return;
    this.schedule = new RepeatableSchedule(
      queue,
      [{ name: JobName.MailSweep, everyMs: settings.sweepEverySeconds * 1000, jobId: 'mail-sweep' }],
      new Logger(MailSweepProcessor.name),
      'the mail sweeper',
    );
  }

  onApplicationBootstrap(): void {
    this.schedule?.start();
  }

  onApplicationShutdown(): void {
    this.schedule?.stop();
  }

  @Process(JobName.MailSweep)
  sweep(): Promise<number> {
    return this.sweeper.sweep();
  }
}
