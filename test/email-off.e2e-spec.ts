import { Role } from '@app/identity';
import { Actors, createAccount, createActors, logIn } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { waitFor } from '@app/testing/e2e/triage-support';


/** Issue 13: without SMTP_URL email is off, and nothing of it is queued; notifications go on as before. */
describe('Email off (no SMTP_URL)', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('emailoff', { env: { SMTP_URL: '' }, worker: true });
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  it('queues no mail for any notification, and notifies in the app as before', async () => {
    const supervisor2 = await logIn(ctx, await createAccount(ctx, Role.Supervisor));
    const critical = await fileConsultation(ctx, actors.requester, {
      riskFactors: {
        immediateDanger: true,
        childrenInHousehold: false,
        threatsToKill: true,
        strangulation: false,
        weaponAccess: false,
        escalatingViolence: false,
        traffickingIndicators: false,
      },
    });
    await actors.requester
      .auth(ctx.http.post(`/api/v1/consultations/${critical.id}/messages`))
      .send({ body: 'Is anyone there?' })
      .expect(201);
    await actors.supervisor
      .auth(ctx.http.post(`/api/v1/consultations/${critical.id}/assign`))
      .send({ investigatorId: actors.investigator.id })
      .expect(200);
    await actors.investigator
      .auth(ctx.http.post(`/api/v1/consultations/${critical.id}/messages`))
      .send({ body: 'I have it now.' })
      .expect(201);
    // In the app: the critical request (both supervisors, nobody on duty), the requester's message
    // (both supervisors), the assignment, the investigator's message (the requester).
    const notified = await waitFor(async () => {
      const { rows } = await ctx.db.query<{ type: string; recipient_id: string }>(
        `SELECT type, recipient_id FROM notifications WHERE consultation_id = $1 ORDER BY type, recipient_id`,
        [critical.id],
      );
      return rows.length === 6 ? rows : null;
    });
    expect(notified.map((n) => `${n.type} ${n.recipient_id}`).sort()).toEqual(
      [
        `consultation.critical ${actors.supervisor.id}`,
        `consultation.critical ${supervisor2.id}`,
        `message.created ${actors.supervisor.id}`,
        `message.created ${supervisor2.id}`,
        `consultation.assigned ${actors.investigator.id}`,
        `message.created ${actors.requester.id}`,
      ].sort(),
    );
    await new Promise((r) => setTimeout(r, 500));
    const { rows: mail } = await ctx.db.query(`SELECT count(*)::int AS n FROM mail_deliveries`);
    const { rows: outbox } = await ctx.db.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'mail'`);
    expect(mail[0].n).toBe(0);
    expect(outbox[0].n).toBe(0);
    const stats = await actors.supervisor.auth(ctx.http.get('/api/v1/stats/queue')).expect(200);
    expect(stats.body.queues.mail).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(stats.body.mail).toEqual({ pending: 0, sending: 0, refused: 0, abandoned: 0, skipped: 0 });
  });
});
