import { canonicalBody, ChainedFields, chainHash, GENESIS_HASH } from './canonical-encoding';
import { checkCheckpointSignature, SignedCheckpoint } from './checkpoint-signature';

/** One stored event as the verifier sees it: the hashed fields plus its place in the chain. */
export interface ChainEvent extends ChainedFields {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  /** A seq is missing (a deleted event): `firstInvalidSeq` is the missing seq. */
  | 'seq_gap'
  /** A seq repeats or goes backwards (a reordered or duplicated event). */
  | 'seq_out_of_order'
  /** `prev_hash` is not the previous event's hash (an event inserted, removed or moved). */
  | 'broken_link'
  /** The stored hash is not the hash of the stored fields (an edited event). */
  | 'hash_mismatch'
  /** An event's time is before its predecessor's, which the recorder never writes. */
  | 'time_regression'
  /** A field cannot be hashed at all (e.g. an invalid timestamp). */
  | 'malformed_event'
  /** The chain does not end where `audit_chain_head` says it does. */
  | 'head_mismatch'
  /** The chain ends before the latest signed checkpoint: its tail was cut off. */
  | 'truncated_before_checkpoint'
  /** The event at the checkpoint's seq does not have the hash the checkpoint signed: rewritten. */
  | 'checkpoint_hash_mismatch'
  /** The latest checkpoint's signature is not valid under AUDIT_SIGNING_KEY: forged or altered. */
  | 'checkpoint_signature_invalid'
  /** The latest checkpoint names a key other than AUDIT_SIGNING_KEY, so it cannot be checked. */
  | 'checkpoint_key_unknown'
  /**
   * The chain starts after an archived prefix, and the signed checkpoint it starts from is missing,
   * forged, under an unknown key, or disagrees with the first retained event's link.
   */
  | 'anchor_invalid';

export type CheckpointStatus = 'valid' | 'signature_invalid' | 'unknown_key' | 'hash_mismatch' | 'truncated';

export interface CheckpointVerdict {
  seq: number;
  headHash: string;
  createdAt: string;
  keyId: string;
  status: CheckpointStatus;
}

export interface ChainVerdict {
  valid: boolean;
  checkedEvents: number;
  /** Seq and hash of the last event read (0 and the genesis hash for an empty chain). */
  headSeq: number;
  headHash: string;
  /** The lowest seq known to be wrong or missing; null when valid, or when only a checkpoint's signature is at fault. */
  firstInvalidSeq: number | null;
  reason: ChainProblem | null;
  /** The latest checkpoint and what was found about it; null when none has been written yet. */
  checkpoint: CheckpointVerdict | null;
}

export interface ChainVerifierOptions {
  /** The latest signed checkpoint, if any. */
  checkpoint?: SignedCheckpoint | null;
  /** The raw AUDIT_SIGNING_KEY; required to accept a checkpoint. */
  signingKey?: Buffer | null;
  /** Where `audit_chain_head` says the chain ends (read in the same snapshot as the events). */
  expectedHead?: { seq: number; hash: string } | null;
  /** Verify a segment: the seq and hash of the event before the first one fed (default: genesis). */
  start?: { seq: number; hash: string };
  /**
   * The chain starts after an archived, removed prefix (docs/audit.md "Retention of the trail"):
   * the signed checkpoint that closed it. Verification starts from it (as `start`) and requires its
   * signature to be valid under `signingKey`. Null or absent: the chain starts at genesis.
   */
  anchor?: SignedCheckpoint | null;
}

interface Finding {
  seq: number | null;
  reason: ChainProblem;
}

/**
 * The pure core of verification: fed events in the order they are stored (ascending seq), one at
 * a time, with O(1) state, so a caller can stream a chain of any length through it. It keeps going
 * after a problem (linking each event to the stored hash of its predecessor, so one edited event
 * is one finding, not a cascade) and reports the lowest bad seq.
 */
export class ChainVerifier {
  private lastSeq: number;
  private lastHash: string;
  private lastTime = -Infinity;
  private checked = 0;
  private firstEventFinding: Finding | null = null;
  private checkpointHashSeen: string | null = null;

  constructor(private readonly options: ChainVerifierOptions = {}) {
    const anchor = options.anchor ?? null;
    this.lastSeq = anchor?.seq ?? options.start?.seq ?? 0;
    this.lastHash = anchor?.headHash ?? options.start?.hash ?? GENESIS_HASH;
    // The latest checkpoint may be the anchor itself: its event was archived, its hash is the start.
    if (anchor && options.checkpoint && options.checkpoint.seq === anchor.seq)
      this.checkpointHashSeen = anchor.headHash;
  }

  add(event: ChainEvent): void {
    this.checked += 1;
    const problem = this.check(event);
    if (problem && !this.firstEventFinding) this.firstEventFinding = problem;
    if (
      this.options.checkpoint &&
      event.seq === this.options.checkpoint.seq &&
      this.checkpointHashSeen === null
    ) {
      this.checkpointHashSeen = event.hash;
    }
    this.lastSeq = event.seq;
    this.lastHash = event.hash;
    const time = event.occurredAt instanceof Date ? event.occurredAt.getTime() : NaN;
    if (!Number.isNaN(time)) this.lastTime = time;
  }

  finish(): ChainVerdict {
    const findings: Finding[] = this.firstEventFinding ? [this.firstEventFinding] : [];
    const head = this.options.expectedHead;
    if (head) {
      if (this.lastSeq < head.seq) findings.push({ seq: this.lastSeq + 1, reason: 'head_mismatch' });
      else if (this.lastSeq > head.seq) findings.push({ seq: head.seq + 1, reason: 'head_mismatch' });
      else if (this.lastHash !== head.hash) findings.push({ seq: head.seq, reason: 'head_mismatch' });
    }
    const anchor = this.options.anchor;
    if (anchor) {
      const signature = this.options.signingKey
        ? checkCheckpointSignature(this.options.signingKey, anchor)
        : 'unknown_key';
      if (signature !== 'valid') findings.push({ seq: anchor.seq, reason: 'anchor_invalid' });
    }
    const checkpoint = this.checkpointVerdict();
    if (checkpoint && checkpoint.status !== 'valid') findings.push(this.checkpointFinding(checkpoint));
    const withSeq = findings
      .filter((f) => f.seq !== null)
      .sort((a, b) => (a.seq as number) - (b.seq as number));
    const first = withSeq[0] ?? findings[0] ?? null;
    return {
      valid: findings.length === 0,
      checkedEvents: this.checked,
      headSeq: this.lastSeq,
      headHash: this.lastHash,
      firstInvalidSeq: first?.seq ?? null,
      reason: first?.reason ?? null,
      checkpoint,
    };
  }

  private check(event: ChainEvent): Finding | null {
    const expectedSeq = this.lastSeq + 1;
    if (!Number.isSafeInteger(event.seq)) return { seq: expectedSeq, reason: 'malformed_event' };
    if (event.seq < expectedSeq) return { seq: event.seq, reason: 'seq_out_of_order' };
    if (event.seq > expectedSeq) return { seq: expectedSeq, reason: 'seq_gap' };
    if (event.prevHash !== this.lastHash) return { seq: event.seq, reason: 'broken_link' };
    let body: string;
    try {
      body = canonicalBody(event);
    } catch {
      return { seq: event.seq, reason: 'malformed_event' };
    }
    if (chainHash(event.seq, event.prevHash, body) !== event.hash)
      return { seq: event.seq, reason: 'hash_mismatch' };
    if (event.occurredAt.getTime() < this.lastTime) return { seq: event.seq, reason: 'time_regression' };
    return null;
  }

  private checkpointVerdict(): CheckpointVerdict | null {
    const cp = this.options.checkpoint;
    if (!cp) return null;
    const verdict = (status: CheckpointStatus): CheckpointVerdict => ({
      seq: cp.seq,
      headHash: cp.headHash,
      createdAt: Number.isNaN(cp.createdAt.getTime()) ? String(cp.createdAt) : cp.createdAt.toISOString(),
      keyId: cp.keyId,
      status,
    });
    const signature = this.options.signingKey
      ? checkCheckpointSignature(this.options.signingKey, cp)
      : 'unknown_key';
    if (signature === 'unknown_key') return verdict('unknown_key');
    if (signature === 'invalid') return verdict('signature_invalid');
    if (this.checkpointHashSeen === null)
      return verdict(this.lastSeq < cp.seq ? 'truncated' : 'hash_mismatch');
    return verdict(this.checkpointHashSeen === cp.headHash ? 'valid' : 'hash_mismatch');
  }

  private checkpointFinding(cp: CheckpointVerdict): Finding {
    switch (cp.status) {
      case 'unknown_key':
        return { seq: null, reason: 'checkpoint_key_unknown' };
      case 'signature_invalid':
        return { seq: null, reason: 'checkpoint_signature_invalid' };
      case 'truncated':
        return { seq: this.lastSeq + 1, reason: 'truncated_before_checkpoint' };
      default:
        return { seq: cp.seq, reason: 'checkpoint_hash_mismatch' };
    }
  }
}
