'use strict';
/**
 * Bulk data for the list, export and verification measurements, written straight to the bench
 * database (not through the API):
 * - consultations with one INSERT ... SELECT over generate_series (a status mix; 30% open and
 *   unassigned, i.e. in the triage queue). None is left `submitted` and every open deadline lies in
 *   the future: the worker's sweeps re-triage old `submitted` rows and escalate overdue ones, and
 *   the bench must not set the worker churning through seeded rows while it measures (nor reorder
 *   the queue under the pages it measures). Case text is a placeholder; only the rows a
 *   measured page shows get a real ciphertext (encryptShownRows), because the API decrypts exactly
 *   those. Encrypting a million rows would measure the seeding, not the service.
 * - audit events as a VALID hash chain continuing the stored head: hashes computed in Node with
 *   the product's own canonical encoding (dist/), inserted in unnest() batches in one transaction
 *   that holds the chain head's lock, so no API append can interleave.
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const DIST = path.resolve(__dirname, '../../dist/apps/api/libs');

const PLACEHOLDER = 'bench-seed-placeholder';
const SEED_PREFIX = 'BENCH-';

/** Open, unassigned requests in queue order: the ORDER BY of ConsultationRepository.findTriageQueue. */
const QUEUE_ORDER = `c.priority_rank, COALESCE(c.sla_due_at, 'infinity'::timestamptz), c.created_at, c.id`;
const QUEUE_WHERE = `c.status IN ('submitted', 'triaged') AND c.assignee_id IS NULL`;

async function seedConsultations(db, { from, to, requesterId, organizationId, investigatorId }) {
  if (to < from) return 0;
  const result = await db.query(
    `INSERT INTO consultations (id, reference, status, concern_types, summary, identified, subject, risk_factors,
       requested_support, contact_channel, contact_phone, priority, priority_rank, risk_score, triage_reasons,
       sla_due_at, triaged_at, assignee_id, assigned_at, first_assigned_at, requester_id, organization_id, outcome,
       closed_at, created_at, updated_at)
     SELECT gen_random_uuid(), $3 || lpad(i::text, 8, '0'), s.status,
       ARRAY[(ARRAY['domestic_violence','honor_related_violence','sexual_violence','prostitution',
                    'human_trafficking','child_exposed_to_violence','other'])[1 + i % 7]],
       $4, false, jsonb_build_object('identified', false, 'ageGroup', 'adult'),
       jsonb_build_object('immediateDanger', s.rank = 0, 'childrenInHousehold', i % 3 = 0, 'threatsToKill', false,
         'strangulation', false, 'weaponAccess', false, 'escalatingViolence', i % 4 = 0, 'traffickingIndicators', false),
       ARRAY['advice'], 'secure_message', NULL,
       CASE WHEN s.status = 'submitted' THEN NULL ELSE (ARRAY['critical','high','normal','low'])[1 + s.rank] END,
       CASE WHEN s.status = 'submitted' THEN 2 ELSE s.rank END,
       CASE WHEN s.status = 'submitted' THEN NULL ELSE 10 + i % 80 END,
       '[]'::jsonb,
       CASE WHEN s.status = 'triaged' THEN now() + interval '1 day' + (i % 43200) * interval '1 minute'
            ELSE s.created + make_interval(hours => 4 + 24 * s.rank) END,
       CASE WHEN s.status = 'submitted' THEN NULL ELSE s.created + interval '1 minute' END,
       CASE WHEN s.status IN ('assigned', 'in_progress', 'closed') THEN $5::uuid END,
       CASE WHEN s.status IN ('assigned', 'in_progress', 'closed') THEN s.created + interval '1 hour' END,
       CASE WHEN s.status IN ('assigned', 'in_progress', 'closed') THEN s.created + interval '1 hour' END,
       $6, $7,
       CASE WHEN s.status = 'closed' THEN 'advice_given' END,
       CASE WHEN s.status = 'closed' THEN s.created + interval '3 days' END,
       s.created, s.created
     FROM generate_series($1::int, $2::int) AS i
     CROSS JOIN LATERAL (
       SELECT (ARRAY['triaged','triaged','triaged','assigned','assigned','assigned','in_progress','in_progress',
                     'closed','closed'])[1 + i % 10] AS status,
              CASE WHEN (i / 10) % 20 = 0 THEN 0 WHEN (i / 10) % 20 <= 4 THEN 1 WHEN (i / 10) % 20 <= 16 THEN 2 ELSE 3 END AS rank,
              date_trunc('milliseconds', now()) - interval '1 day' - i * interval '30 seconds' AS created
     ) s`,
    [from, to, SEED_PREFIX, PLACEHOLDER, investigatorId, requesterId, organizationId],
  );
  return result.rowCount;
}

/** Gives the rows of one queue page (first, or after `key`) a real ciphertext, as the API will decrypt them. */
async function encryptShownRows(db, env, key, limit) {
  const { FieldCipher, parseEncryptionKeys } = require(`${DIST}/platform/src/crypto/field-cipher.js`);
  const { bindingOf, SUMMARY } = require(`${DIST}/consultations/src/privacy/encrypted-fields.js`);
  const cipher = new FieldCipher(parseEncryptionKeys(env.ENCRYPTION_KEYS));
  const params = [limit];
  let keyset = '';
  if (key) {
    params.push(key.rank, key.slaDueAt ?? 'infinity', key.createdAt, key.id);
    keyset = `AND (c.priority_rank, COALESCE(c.sla_due_at, 'infinity'::timestamptz), c.created_at, c.id) > ($2, $3::timestamptz, $4, $5)`;
  }
  const { rows } = await db.query(
    `SELECT c.id, c.summary = '${PLACEHOLDER}' AS placeholder FROM consultations c
     WHERE ${QUEUE_WHERE} ${keyset} ORDER BY ${QUEUE_ORDER} LIMIT $1`,
    params,
  );
  let fixed = 0;
  for (const row of rows) {
    if (!row.placeholder) continue;
    const text = 'Seeded request for the benchmark: a de-identified summary of the situation at home.';
    await db.query(`UPDATE consultations SET summary = $2 WHERE id = $1`, [
      row.id,
      cipher.encrypt(text, bindingOf(SUMMARY, row.id)),
    ]);
    fixed += 1;
  }
  return fixed;
}

/** The queue row at `fraction` of the queue (its keyset key), for a deep page. */
async function queueKeyAt(db, fraction) {
  const { rows: count } = await db.query(
    `SELECT count(*)::int AS n FROM consultations c WHERE ${QUEUE_WHERE}`,
  );
  const offset = Math.max(0, Math.floor(count[0].n * fraction) - 1);
  const { rows } = await db.query(
    `SELECT c.priority_rank AS rank, c.sla_due_at AS "slaDueAt", c.created_at AS "createdAt", c.id
     FROM consultations c WHERE ${QUEUE_WHERE} ORDER BY ${QUEUE_ORDER} OFFSET $1 LIMIT 1`,
    [offset],
  );
  if (!rows[0]) return { queueSize: count[0].n, key: null };
  const r = rows[0];
  return {
    queueSize: count[0].n,
    position: offset,
    key: {
      rank: r.rank,
      slaDueAt: r.slaDueAt ? r.slaDueAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      id: r.id,
    },
  };
}

const ACTIONS = [
  { action: 'consultation.read', resourceType: 'consultation', weight: 40 },
  { action: 'consultation.list', resourceType: 'consultation', weight: 20 },
  { action: 'consultation.create', resourceType: 'consultation', weight: 15 },
  { action: 'auth.login', resourceType: 'session', weight: 10 },
  { action: 'consultation.claim', resourceType: 'consultation', weight: 8 },
  { action: 'audit.read', resourceType: 'audit_event', weight: 5 },
  { action: 'access.denied', resourceType: 'route', weight: 2 },
];
const ACTION_TABLE = ACTIONS.flatMap((a) => Array(a.weight).fill(a));

/**
 * Appends `count` events to the stored chain, valid under the product's verifier. Times start at
 * the head's last time and advance 1 ms per 100 events (occurred_at must never decrease along the
 * chain), so a million events span about ten seconds.
 */
async function seedAuditEvents(db, { count, actors, batchSize = 5000, onProgress }) {
  const { canonicalBody, chainHash } = require(`${DIST}/audit/src/chain/canonical-encoding.js`);
  if (count <= 0) return { appended: 0 };
  await db.query('BEGIN');
  try {
    const head = (
      await db.query(
        `SELECT seq::text AS seq, hash, last_occurred_at AS "lastOccurredAt" FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
      )
    ).rows[0];
    let seq = Number(head.seq);
    let prev = head.hash;
    const last =
      head.lastOccurredAt instanceof Date && Number.isFinite(head.lastOccurredAt.getTime())
        ? head.lastOccurredAt.getTime()
        : Date.now() - 3600_000;
    const base = Math.max(last, Date.now() - 60_000);
    let lastTime = base;
    for (let done = 0; done < count;) {
      const n = Math.min(batchSize, count - done);
      const cols = Array.from({ length: 14 }, () => new Array(n));
      for (let j = 0; j < n; j++) {
        const k = done + j;
        seq += 1;
        const kind = ACTION_TABLE[k % ACTION_TABLE.length];
        const actor = actors[k % actors.length];
        const denied = kind.action === 'access.denied';
        const occurredAt = new Date(base + Math.floor(k / 100));
        lastTime = occurredAt.getTime();
        const event = {
          occurredAt,
          actorId: actor.id,
          actorRole: actor.role,
          action: kind.action,
          resourceType: kind.resourceType,
          resourceId: denied ? 'GET /api/v1/audit-events' : randomUUID(),
          outcome: denied ? 'denied' : 'success',
          ip: '127.0.0.1',
          userAgent: 'bench-seed',
          requestId: randomUUID(),
          details: denied
            ? { reason: 'role_lacks_permission', permission: 'audit.read' }
            : { status: 'submitted', seeded: true },
        };
        const hash = chainHash(seq, prev, canonicalBody(event));
        const values = [
          String(seq),
          occurredAt.toISOString(),
          event.actorId,
          event.actorRole,
          event.action,
          event.resourceType,
          event.resourceId,
          event.outcome,
          event.ip,
          event.userAgent,
          event.requestId,
          JSON.stringify(event.details),
          prev,
          hash,
        ];
        for (let c = 0; c < 14; c++) cols[c][j] = values[c];
        prev = hash;
      }
      await db.query(
        `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id, outcome,
           ip, user_agent, request_id, details, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::text[])`,
        cols,
      );
      done += n;
      if (onProgress) onProgress(done);
    }
    await db.query(`UPDATE audit_chain_head SET seq = $1, hash = $2, last_occurred_at = $3 WHERE id = 1`, [
      String(seq),
      prev,
      new Date(lastTime).toISOString(),
    ]);
    await db.query('COMMIT');
    return { appended: count, headSeq: seq };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

module.exports = {
  seedConsultations,
  encryptShownRows,
  queueKeyAt,
  seedAuditEvents,
  SEED_PREFIX,
  PLACEHOLDER,
};
