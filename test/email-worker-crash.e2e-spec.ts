import { PrivateRedis } from '@app/testing';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { allDeliveriesFinal, deliveries, receivedExactly } from '@app/testing/e2e/mail-support';
import { SmtpSink } from '@app/testing/e2e/smtp-sink';
import { waitFor, WorkerProcess } from '@app/testing/e2e/triage-support';


/** Short Bull locks so a dead worker's job is recovered in seconds. */
const FAST_RECOVERY = { BULL_LOCK_DURATION_MS: '2000', BULL_STALLED_INTERVAL_MS: '1000' };
/** The doomed worker: each SMTP step may take 1 s, so its claim on a mail lapses after 10 s. */
const MAIL_TIMEOUT = { MAIL_SEND_TIMEOUT_MS: '1000' };
/**
 * The recovering worker runs in this process beside the SMTP server; under load a 1 s step limit
 * could expire while the server's answer waits for this busy event loop, and the retry would be the
 * documented duplicate (docs/mail.md), not a crash's. It gets a generous limit.
 */
const RECOVERY_TIMEOUT = { MAIL_SEND_TIMEOUT_MS: '10000' };

/**
 * Issue 13: a worker process killed (SIGKILL) while it sends mails (the SMTP server holds its
 * answer to the data, so the kill lands between sending a mail and hearing it was accepted):
 * no mail is lost and none is sent twice. The mails are then sent by a second worker after the
 * dead one's claims lapse.
 */
describe('A worker killed while sending mail', () => {
  let redis: PrivateRedis;
  let sink: SmtpSink;
  let ctx: E2eContext;
  let actors: Actors;
  let doomed: WorkerProcess | undefined;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    sink = await SmtpSink.start();
    ctx = await createE2eContext('mailcrash', {
      env: { REDIS_URL: redis.url, SMTP_URL: sink.url, ...FAST_RECOVERY, ...RECOVERY_TIMEOUT },
    });
    actors = await createActors(ctx);
  });
  afterAll(async () => {
    await doomed?.kill();
    await ctx.close();
    await redis.stop();
    await sink.stop();
  });

  it('loses no mail and sends none twice', async () => {
    sink.holdDataAnswers(true);
    doomed = WorkerProcess.start(ctx, {
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      ...FAST_RECOVERY,
      ...MAIL_TIMEOUT,
    });
    const requests = [];
    for (let i = 0; i < 3; i++) {
      const request = await fileConsultation(ctx, actors.requester);
      await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${request.id}/claim`)).expect(200);
      await actors.investigator
        .auth(ctx.http.post(`/api/v1/consultations/${request.id}/messages`))
        .send({ body: `Question ${i}` })
        .expect(201);
      requests.push(request);
    }
    const ids = requests.map((r) => r.id);
    // The doomed worker has sent the data of every mail and waits for the server's answer.
    await waitFor(
      async () => {
        if (!doomed?.running) throw new Error(`the worker process exited early:\n${doomed?.log}`);
        return sink.dataTransfers >= 3;
      },
      60_000,
      'the worker process to send the data of three mails',
      20,
    );
    await doomed.kill();
    expect(sink.received).toHaveLength(0);
    const claimed = await deliveries(ctx, ids);
    expect(claimed.map((d) => d.status)).toEqual(['sending', 'sending', 'sending']);

    sink.holdDataAnswers(false);
    await ctx.startWorker();
    const rows = await allDeliveriesFinal(ctx, 60_000);
    const mails = await receivedExactly(sink, 3, 2000);
    expect(mails.map((m) => m.to).flat()).toEqual([1, 2, 3].map(() => actors.requester.email.toLowerCase()));
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    // Each was attempted by the dead worker and once more after its claim lapsed.
    expect(rows.map((r) => r.attempts)).toEqual([2, 2, 2]);
    expect(sink.dataTransfers).toBe(6);
  });
});
