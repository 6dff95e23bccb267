import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { MailSettings, MailSweepService } from '@app/mail';
import { JobName, QueueName, RepeatableSchedules } from '@app/platform';
import type { Queue } from 'bull';

/**
 * The mail sweeper: a repeatable job every MAIL_SWEEP_EVERY_SECONDS that publishes again the mails
 * whose job was lost (MailSweepService). Scheduled only when email is on; Bull's repeat key makes
 * several workers share one schedule.
 */
@Processor(QueueName.Mail)
export class MailSweepProcessor {
  constructor(
    @InjectQueue(QueueName.Mail) queue: Queue,
    private readonly sweeper: MailSweepService,
    settings: MailSettings,
    schedules: RepeatableSchedules,
  ) {
    if (!settings.enabled) return;
    schedules.keep(
      queue,
      [{ name: JobName.MailSweep, everyMs: settings.sweepEverySeconds * 1000, jobId: 'mail-sweep' }],
      'the mail sweeper',
    );
  }

  @Process(JobName.MailSweep)
  sweep(): Promise<number> {
    return this.sweeper.sweep();
  }
}
