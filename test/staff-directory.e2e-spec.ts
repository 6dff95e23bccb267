import { Role } from '@app/identity';
import { Actor, Actors, createAccount, createActors } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { waitFor } from '@app/testing/e2e/triage-support';


/**
 * What the web app needs to show who does what (issue 12): one's own duty state, the investigators a
 * supervisor can assign to, and the suggested assignee on the staff lists (docs/api.md).
 */
describe('Duty state, investigator directory and suggested assignees', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('staffdir', { env: { THROTTLE_IP_LIMIT: '10000' } });
    await ctx.startWorker();
    actors = await createActors(ctx);
    await ctx.db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [actors.investigator.id, 'Anna Andersson']);
    await ctx.db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [actors.investigator2.id, 'Bo Berg']);
  });
  afterAll(() => ctx.close());

  const duty = (actor: Actor) => actor.auth(ctx.http.get('/api/v1/me/availability'));
  const setDuty = (actor: Actor, onDuty: boolean) =>
    actor.auth(ctx.http.put('/api/v1/me/availability')).send({ onDuty }).expect(200);
  const directory = (actor: Actor) => actor.auth(ctx.http.get('/api/v1/investigators'));
  const triaged = (id: string) =>
    waitFor(
      async () =>
        (await ctx.db.query(`SELECT status FROM consultations WHERE id = $1`, [id])).rows[0].status !== 'submitted'
          ? true
          : null,
      10_000,
      `triage of ${id}`,
      50,
    );

  describe('GET /me/availability', () => {
    it('says off duty until the investigator has set it, then what was set last', async () => {
      expect((await duty(actors.investigator2).expect(200)).body).toEqual({ onDuty: false });
      await setDuty(actors.investigator2, true);
      expect((await duty(actors.investigator2).expect(200)).body).toEqual({ onDuty: true });
      await setDuty(actors.investigator2, false);
      expect((await duty(actors.investigator2).expect(200)).body).toEqual({ onDuty: false });
    });

    it('answers each investigator with their own state', async () => {
      await setDuty(actors.investigator, true);
      expect((await duty(actors.investigator).expect(200)).body).toEqual({ onDuty: true });
      expect((await duty(actors.investigator2).expect(200)).body).toEqual({ onDuty: false });
      await setDuty(actors.investigator, false);
    });

    it.each(['requester', 'supervisor', 'admin'] as const)('refuses a %s with 403', async (role) => {
      await duty(actors[role]).expect(403);
    });
  });

  describe('GET /investigators', () => {
    it('lists the investigators who can log in (not deactivated or only invited) with duty and open load, on duty first, then the least loaded, no email', async () => {
      const gone = await createAccount(ctx, Role.Investigator);
      await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [gone.id]);
      const invited = await createAccount(ctx, Role.Investigator);
      await ctx.db.query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [invited.id]);
      await setDuty(actors.investigator2, true);
      const held = await fileConsultation(ctx, actors.requester);
      await triaged(held.id);
      await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${held.id}/claim`)).expect(200);

      const res = await directory(actors.supervisor).expect(200);
      const items = res.body.items as Record<string, unknown>[];
      const ours = items.filter((i) => i.id === actors.investigator.id || i.id === actors.investigator2.id);
      expect(ours).toEqual([
        { id: actors.investigator2.id, displayName: 'Bo Berg', onDuty: true, openCases: 0 },
        { id: actors.investigator.id, displayName: 'Anna Andersson', onDuty: false, openCases: 1 },
      ]);
      expect(items.map((i) => i.id)).not.toContain(gone.id);
      expect(items.map((i) => i.id)).not.toContain(invited.id);
      expect(items.map((i) => i.id)).not.toContain(actors.supervisor.id);
      expect(JSON.stringify(res.body)).not.toMatch(/@/);
      // On duty before off duty, whatever the load.
      const firstOff = items.findIndex((i) => i.onDuty === false);
      expect(items.slice(firstOff).every((i) => i.onDuty === false)).toBe(true);
      await setDuty(actors.investigator2, false);
    });

    it.each(['requester', 'investigator', 'admin'] as const)('refuses a %s with 403', async (role) => {
      await directory(actors[role]).expect(403);
    });
  });

  describe('suggested assignee on the staff lists', () => {
    it('names the suggested investigator in the triage queue and in the staff list, never to the requester', async () => {
      await setDuty(actors.investigator2, true);
      const filed = await fileConsultation(ctx, actors.requester);
      await triaged(filed.id);
      await setDuty(actors.investigator2, false);
      const suggested = { id: actors.investigator2.id, displayName: 'Bo Berg' };

      const queue = await actors.investigator.auth(ctx.http.get('/api/v1/triage-queue?limit=100')).expect(200);
      expect(queue.body.items.find((i: { id: string }) => i.id === filed.id)).toMatchObject({
        suggestedAssignee: suggested,
      });
      const list = await actors.supervisor.auth(ctx.http.get('/api/v1/consultations?limit=100')).expect(200);
      expect(list.body.items.find((i: { id: string }) => i.id === filed.id)).toMatchObject({
        suggestedAssignee: suggested,
      });

      const own = await actors.requester.auth(ctx.http.get('/api/v1/consultations?limit=100')).expect(200);
      const mine = own.body.items.find((i: { id: string }) => i.id === filed.id);
      expect(mine).toBeDefined();
      expect(mine).not.toHaveProperty('suggestedAssignee');
      expect(JSON.stringify(own.body)).not.toContain('Bo Berg');
    });

    it('is null when nobody was on duty', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      await triaged(filed.id);
      const queue = await actors.investigator.auth(ctx.http.get('/api/v1/triage-queue?limit=100')).expect(200);
      expect(queue.body.items.find((i: { id: string }) => i.id === filed.id)).toMatchObject({
        suggestedAssignee: null,
      });
    });
  });
});
