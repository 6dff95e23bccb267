import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { mailJobs, MailSettings, MailSweepService } from '@app/mail';
import { QueueName, RepeatableSchedules } from '@app/platform';
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
      [{ name: mailJobs.sweep.name, everyMs: settings.sweepEverySeconds * 1000, jobId: 'mail-sweep' }],
      'the mail sweeper',
    );
  }

  @Process(mailJobs.sweep.name)
  sweep(): Promise<number> {
    return this.sweeper.sweep();
  }
}
