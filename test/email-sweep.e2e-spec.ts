import type { INestApplicationContext } from '@nestjs/common';
import { MailSweepService } from '@app/mail';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { allDeliveriesFinal, deliveries, receivedExactly } from '@app/testing/e2e/mail-support';
import { SmtpSink } from '@app/testing/e2e/smtp-sink';


/**
 * Issue 13: a mail whose job was lost (e.g. with a Redis that had no persistence) is not lost: the
 * mail sweeper publishes unsent deliveries again once no attempt has touched them for
 * MAIL_SWEEP_AFTER_MINUTES, and a sent mail or one a live worker holds is left alone.
 */
describe('The mail sweeper', () => {
  let sink: SmtpSink;
  let ctx: E2eContext;
  let actors: Actors;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await createE2eContext('mailsweep', {
      env: { SMTP_URL: sink.url, MAIL_SWEEP_AFTER_MINUTES: '5', MAIL_SWEEP_EVERY_SECONDS: '3600' },
    });
    actors = await createActors(ctx);
    worker = await ctx.startWorker();
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  /** A notification with a delivery row and no job, as if its job had been lost. */
  async function lostMail(status: 'pending' | 'sending', untouchedMinutes: number, leaseMinutes = -1) {
    const request = await fileConsultation(ctx, actors.requester);
    const { rows } = await ctx.db.query<{ id: string }>(
      `INSERT INTO notifications (recipient_id, type, consultation_id, reference, dedupe_key)
       VALUES ($1, 'message.created', $2, $3, $4) RETURNING id`,
      [actors.requester.id, request.id, request.reference, `test:${request.id}`],
    );
    await ctx.db.query(
      `INSERT INTO mail_deliveries (notification_id, recipient_id, kind, consultation_id, reference, status,
         attempts, lease_until, updated_at)
       VALUES ($1, $2, 'message.created', $3, $4, $5, $6,
         CASE WHEN $5 = 'sending' THEN now() + make_interval(mins => $7) END, now() - make_interval(mins => $8))`,
      [
        rows[0].id,
        actors.requester.id,
        request.id,
        request.reference,
        status,
        status === 'sending' ? 1 : 0,
        leaseMinutes,
        untouchedMinutes,
      ],
    );
    return request;
  }

  it('sends a lost mail once, and leaves recent, sent and held ones alone', async () => {
    const lost = await lostMail('pending', 30);
    const crashed = await lostMail('sending', 30);
    const recent = await lostMail('pending', 1);
    const held = await lostMail('sending', 30, 10);
    const sweeper = worker.get(MailSweepService);

    expect(await sweeper.sweep()).toBe(2);
    const mails = await receivedExactly(sink, 2);
    expect(mails.map((m) => /KONS-\d{4}-\d{6}/.exec(m.subject)?.[0]).sort()).toEqual(
      [lost.reference, crashed.reference].sort(),
    );
    // A second sweep finds nothing: the two are sent, the other two not stale or still held.
    expect(await sweeper.sweep()).toBe(0);
    const status = async (id: string) => (await deliveries(ctx, [id]))[0].status;
    expect([
      await status(lost.id),
      await status(crashed.id),
      await status(recent.id),
      await status(held.id),
    ]).toEqual(['sent', 'sent', 'pending', 'sending']);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.received).toHaveLength(2);
  });

  it('publishes nothing when every mail is sent', async () => {
    await ctx.db.query(`DELETE FROM mail_deliveries WHERE status IN ('pending', 'sending')`);
    await allDeliveriesFinal(ctx);
    expect(await worker.get(MailSweepService).sweep()).toBe(0);
  });
});
