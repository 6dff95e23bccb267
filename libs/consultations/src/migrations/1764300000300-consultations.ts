import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consultation requests, their messages, status history and intake idempotency keys.
 *
 * Case text (summary, contact phone, message bodies, override and transition reasons) is stored
 * only as FieldCipher ciphertext (`v1.<keyId>.<iv>.<tag>.<ciphertext>`), bound to table, column
 * and row id; the database never sees it in plaintext.
 *
 * Indexes follow the sorts the API offers:
 * - lists: newest first, keyset on (created_at, id), also per requester, status and assignee;
 * - triage queue: open (submitted, triaged) and unassigned, ordered by priority_rank (critical 0 ..
 *   low 3; untriaged counts as normal), then SLA deadline (none last), then age. The partial index
 *   holds exactly the queue, in queue order, so the first page is an index range scan.
 * References come from a sequence, so they are unique across concurrent requests and replicas.
 */
export class Consultations1764300000300 implements MigrationInterface {
  name = 'Consultations1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE consultation_reference_seq AS bigint START 1`);
    await q.query(`
      CREATE TABLE consultations (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN
          ('submitted', 'triaged', 'assigned', 'in_progress', 'awaiting_requester', 'closed', 'withdrawn')),
        version integer NOT NULL DEFAULT 1,
        concern_types text[] NOT NULL CHECK (cardinality(concern_types) >= 1),
        summary text NOT NULL,
        identified boolean NOT NULL DEFAULT false,
        subject jsonb NOT NULL,
        risk_factors jsonb NOT NULL,
        requested_support text[] NOT NULL CHECK (cardinality(requested_support) >= 1),
        contact_channel text NOT NULL CHECK (contact_channel IN ('phone', 'secure_message', 'meeting')),
        contact_phone text,
        priority text CHECK (priority IN ('critical', 'high', 'normal', 'low')),
        priority_rank smallint NOT NULL DEFAULT 2,
        risk_score integer,
        triage_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        sla_due_at timestamptz,
        suggested_assignee_id uuid REFERENCES users (id),
        triaged_at timestamptz,
        priority_override_reason text,
        priority_overridden_by uuid REFERENCES users (id),
        priority_overridden_at timestamptz,
        assignee_id uuid REFERENCES users (id),
        assigned_at timestamptz,
        first_assigned_at timestamptz,
        requester_id uuid NOT NULL REFERENCES users (id),
        organization_id uuid REFERENCES organizations (id),
        outcome text CHECK (outcome IN
          ('advice_given', 'referred', 'police_report_supported', 'protection_arranged', 'no_action')),
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK ((status = 'closed') = (outcome IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX consultations_created_idx ON consultations (created_at, id)`);
    await q.query(`CREATE INDEX consultations_requester_idx ON consultations (requester_id, created_at, id)`);
    await q.query(`CREATE INDEX consultations_status_idx ON consultations (status, created_at, id)`);
    await q.query(
      `CREATE INDEX consultations_assignee_idx ON consultations (assignee_id, created_at, id) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`
      CREATE INDEX consultations_triage_queue_idx
        ON consultations (priority_rank, (COALESCE(sla_due_at, 'infinity'::timestamptz)), created_at, id)
        WHERE status IN ('submitted', 'triaged') AND assignee_id IS NULL`);

    await q.query(`
      CREATE TABLE consultation_messages (
        id uuid PRIMARY KEY,
        consultation_id uuid NOT NULL REFERENCES consultations (id),
        author_id uuid NOT NULL REFERENCES users (id),
        author_role text NOT NULL,
        body text NOT NULL,
        internal boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      )`);
    await q.query(
      `CREATE INDEX consultation_messages_thread_idx ON consultation_messages (consultation_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX consultation_messages_public_idx ON consultation_messages (consultation_id, created_at, id) WHERE NOT internal`,
    );

    await q.query(`
      CREATE TABLE consultation_status_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consultation_id uuid NOT NULL REFERENCES consultations (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        actor_id uuid REFERENCES users (id),
        reason text,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await q.query(
      `CREATE INDEX consultation_status_changes_idx ON consultation_status_changes (consultation_id, created_at)`,
    );

    // What a replay needs: the body's hash and the consultation it created (re-read), no case text.
    await q.query(`
      CREATE TABLE consultation_idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id),
        key text NOT NULL,
        request_hash text NOT NULL,
        consultation_id uuid NOT NULL REFERENCES consultations (id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(
      `CREATE INDEX consultation_idempotency_keys_expiry_idx ON consultation_idempotency_keys (expires_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consultation_idempotency_keys`);
    await q.query(`DROP TABLE consultation_status_changes`);
    await q.query(`DROP TABLE consultation_messages`);
    await q.query(`DROP TABLE consultations`);
    await q.query(`DROP SEQUENCE consultation_reference_seq`);
  }
}
