import { Tx, Database } from '@app/platform';
import type { SignedCheckpoint } from '../chain/checkpoint-signature';

export interface AuditArchiveRecord {
  seq: number;
  headHash: string;
  events: number;
  archiveSha256: string;
}

/**
 * audit_archives: the prefixes of the chain that were archived and removed (`npm run
 * audit:prune`). The latest one's checkpoint is where the stored chain now starts.
 */
export class AuditArchivesRepository {
  constructor(private readonly db: Database) {}

  /** The signed checkpoint the stored chain starts from; null while nothing was ever pruned. */
  async findAnchor(tx: Tx): Promise<SignedCheckpoint | null> {
    const rows: (Omit<SignedCheckpoint, 'seq'> & { seq: string })[] = (
      await tx.query(
        `SELECT a.seq, a.head_hash AS "headHash", c.created_at AS "createdAt", c.signature, c.key_id AS "keyId"
       FROM audit_archives a JOIN audit_checkpoints c ON c.seq = a.seq
       ORDER BY a.seq DESC LIMIT 1`,
      )
    ).rows;
    return rows.length ? { ...rows[0], seq: Number(rows[0].seq) } : null;
  }

  /**
   * Records an archived prefix and removes its events, in the caller's transaction (which must run
   * as consult_audit_maintenance: the trail's trigger refuses anyone else). Returns how many went.
   */
  async recordAndRemove(tx: Tx, archive: AuditArchiveRecord): Promise<number> {
    await tx.query(
      `INSERT INTO audit_archives (seq, head_hash, events, archive_sha256) VALUES ($1, $2, $3, $4)`,
      [archive.seq, archive.headHash, archive.events, archive.archiveSha256],
    );
    const { affected } = await tx.query(`DELETE FROM audit_events WHERE seq <= $1`, [archive.seq]);
    return affected;
  }

  /** The latest signed checkpoint on an event stamped before `before`, beyond `afterSeq`. */
  async findClosingCheckpoint(tx: Tx, before: Date, afterSeq: number): Promise<SignedCheckpoint | null> {
    const rows: (Omit<SignedCheckpoint, 'seq'> & { seq: string })[] = (
      await tx.query(
        `SELECT c.seq, c.head_hash AS "headHash", c.created_at AS "createdAt", c.signature, c.key_id AS "keyId"
       FROM audit_checkpoints c JOIN audit_events e ON e.seq = c.seq
       WHERE e.occurred_at < $1 AND c.seq > $2
       ORDER BY c.seq DESC LIMIT 1`,
        [before, afterSeq],
      )
    ).rows;
    return rows.length ? { ...rows[0], seq: Number(rows[0].seq) } : null;
  }
}
