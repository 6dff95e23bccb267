'use strict';
/**
 * The retention phase of the bench (`npm run bench -- --only=retention`, docs: bench/performance.md).
 * On its own database:
 * 1. seeds N requests the way the previous release stored them (summary, phone and two messages
 *    each under the master key, v1, no data keys);
 * 2. today's rotation, re-encrypting every field (bench/retention/reencrypt-baseline.js, the old
 *    algorithm), timed;
 * 3. the one-time move to envelope encryption (what `keys:rotate` runs), timed;
 * 4. the new rotation, re-wrapping the N data keys (`keys:rotate` again with a newer key), timed;
 * 5. the purge of all N (closed 800 days ago; what `retention:run` runs), timed: requests/s.
 * Every step runs in its own process (bench/retention/run-step.js) on the built code, one after the
 * other on the same data, and times only its work.
 */
const path = require('node:path');
const { randomBytes, randomUUID } = require('node:crypto');

const ROOT = path.resolve(__dirname, '../..');

async function seedOldScheme(db, masterKeys, requesterId, n, log) {
  const { FieldCipher, parseEncryptionKeys } = require(
    path.join(ROOT, 'dist/apps/cli/libs/platform/src/crypto/field-cipher.js'),
  );
  const cipher = new FieldCipher(parseEncryptionKeys(masterKeys));
  const batch = 2000;
  for (let start = 0; start < n; start += batch) {
    const ids = [];
    const refs = [];
    const summaries = [];
    const phones = [];
    const messageIds = [];
    const messageOwners = [];
    const bodies = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const id = randomUUID();
      ids.push(id);
      refs.push(`BENCH-R-${i}`);
      summaries.push(
        cipher.encrypt(`Bench request ${i}: a pupil says the father hits the mother at home.`, {
          table: 'consultations',
          column: 'summary',
          rowId: id,
        }),
      );
      phones.push(
        cipher.encrypt('+46701234567', { table: 'consultations', column: 'contact_phone', rowId: id }),
      );
      for (let m = 0; m < 2; m++) {
        const messageId = randomUUID();
        messageIds.push(messageId);
        messageOwners.push(id);
        bodies.push(
          cipher.encrypt(`Message ${m} on bench request ${i}.`, {
            table: 'consultation_messages',
            column: 'body',
            rowId: messageId,
          }),
        );
      }
    }
    await db.query(
      `INSERT INTO consultations (id, reference, status, concern_types, summary, subject, risk_factors,
         requested_support, contact_channel, contact_phone, requester_id, priority, priority_rank, risk_score,
         created_at, updated_at)
       SELECT v.id, v.ref, 'in_progress', ARRAY['domestic_violence'], v.summary, '{"identified":false}'::jsonb,
         '{"immediateDanger":false,"childrenInHousehold":false}'::jsonb, ARRAY['advice'], 'phone', v.phone, $5,
         'normal', 2, 10, now() - interval '900 days', now() - interval '900 days'
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, ref, summary, phone)`,
      [ids, refs, summaries, phones, requesterId],
    );
    await db.query(
      `INSERT INTO consultation_messages (id, consultation_id, author_id, author_role, body)
       SELECT v.id, v.cid, $4, 'requester', v.body FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(id, cid, body)`,
      [messageIds, messageOwners, bodies, requesterId],
    );
  }
  log(`retention: seeded ${n} requests in the master-key scheme (4 encrypted fields each)`);
}

async function timedNode(runNode, args, env, what) {
  const started = process.hrtime.bigint();
  const result = await runNode(args, { env, cwd: ROOT, timeoutMs: 3600_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.code !== 0)
    throw new Error(`${what} failed (${result.code}): ${(result.stderr || result.stdout).slice(0, 500)}`);
  return { seconds, stdout: result.stdout };
}

/**
 * Runs the phase; `env` is the bench's environment (its ENCRYPTION_KEYS is the master key the
 * seed uses). Returns the figures for results.retention.
 */
async function measureRetention({ db, env, requesterId, n, runNode, log }) {
  const [current] = env.ENCRYPTION_KEYS.split(',');
  const next = `next:${randomBytes(32).toString('base64')}`;
  const newest = `newest:${randomBytes(32).toString('base64')}`;
  await seedOldScheme(db, current, requesterId, n, log);
  await db.query('VACUUM ANALYZE consultations, consultation_messages');

  const baseline = await timedNode(
    runNode,
    [path.join(__dirname, 'reencrypt-baseline.js')],
    { ...env, ENCRYPTION_KEYS: `${next},${current}` },
    're-encrypt baseline',
  );
  const reencrypt = JSON.parse(baseline.stdout.trim().split('\n').pop());
  log(
    `retention: re-encrypt (today's rotation) of ${reencrypt.rotated} fields: ${reencrypt.seconds.toFixed(1)} s`,
  );

  const step = async (name, keys) => {
    const { stdout } = await timedNode(
      runNode,
      [path.join(__dirname, 'run-step.js'), name],
      { ...env, ENCRYPTION_KEYS: keys },
      name,
    );
    return JSON.parse(stdout.trim().split('\n').pop());
  };
  const move = await step('rotate', `${next},${current}`);
  log(`retention: one-time move of ${move.moved} fields to data keys: ${move.seconds.toFixed(1)} s`);
  const rewrap = await step('rotate', `${newest},${next}`);
  const rewrapped = rewrap.rewrapped;
  log(`retention: re-wrap of ${rewrapped} data keys: ${rewrap.seconds.toFixed(1)} s`);

  await db.query(
    `UPDATE consultations SET status = 'closed', outcome = 'advice_given',
       closed_at = date_trunc('milliseconds', now() - interval '800 days') WHERE reference LIKE 'BENCH-R-%'`,
  );
  await db.query('VACUUM ANALYZE consultations');
  const purge = await step('purge', `${newest},${next}`);
  const purged = purge.purged;
  log(`retention: purge of ${purged} requests: ${purge.seconds.toFixed(1)} s`);

  return {
    requests: n,
    reencrypt: {
      fields: reencrypt.rotated,
      seconds: reencrypt.seconds,
      requestsPerSec: n / reencrypt.seconds,
    },
    moveToDataKeys: { seconds: move.seconds },
    rewrap: { keys: rewrapped, seconds: rewrap.seconds, requestsPerSec: rewrapped / rewrap.seconds },
    speedup: reencrypt.seconds / rewrap.seconds,
    purge: { requests: purged, seconds: purge.seconds, requestsPerSec: purged / purge.seconds },
    note:
      'each step runs in its own process on the built code, timing the work only (not start-up); re-encrypt = the ' +
      "previous release's rotation over 4 fields per request (pg); re-wrap and move = rotateEncryptionKeys (keys:rotate); " +
      'purge = ConsultationRetentionService.purgeDue (retention:run), RETENTION_BATCH_SIZE per transaction',
  };
}

module.exports = { measureRetention };
