import { ChainVerdict, ChainVerifier } from '../chain/chain-verifier';
import type { SignedCheckpoint } from '../chain/checkpoint-signature';
import { EXPORT_FORMAT_NAME, EXPORT_FORMAT_VERSION } from '../review/audit-export.format';

export interface ExportVerdict extends ChainVerdict {
  /** The file ends with its `end` line and the counts in it match: the download was not cut short. */
  complete: boolean;
}

export class ExportNotVerifiableError extends Error {}

interface Line {
  type?: string;
  [key: string]: unknown;
}

function parse(line: string, number: number): Line {
  try {
    return JSON.parse(line) as Line;
  } catch {
    throw new ExportNotVerifiableError(`line ${number} is not JSON`);
  }
}

const toCheckpoint = (l: Line): SignedCheckpoint => ({
  seq: Number(l.seq),
  headHash: String(l.headHash),
  createdAt: new Date(String(l.createdAt)),
  signature: String(l.signature),
  keyId: String(l.keyId),
});

/**
 * Verifies an unfiltered NDJSON export offline, as an auditor would on their own machine: the
 * same checks as the live verification (links, hashes, gaps, time order, latest checkpoint and
 * its signature). Two passes over the file (`open` is called twice): the first finds the latest
 * checkpoint, the second streams the events; memory stays flat for any file size. Only an
 * unfiltered export holds the whole chain; a filtered one is refused.
 */
export async function verifyExportFile(
  open: () => AsyncIterable<string>,
  signingKey: Buffer | null,
): Promise<ExportVerdict> {
  let latest: SignedCheckpoint | null = null;
  let start: { seq: number; headHash: string } | null = null;
  let anchor: SignedCheckpoint | null = null;
  let number = 0;
  for await (const raw of open()) {
    number += 1;
    if (!raw.trim()) continue;
    const line = parse(raw, number);
    if (number === 1) {
      if (
        line.type !== 'export' ||
        line.format !== EXPORT_FORMAT_NAME ||
        line.version !== EXPORT_FORMAT_VERSION
      ) {
        throw new ExportNotVerifiableError(
          'not a consult-intake NDJSON audit export (first line is not its header)',
        );
      }
      if (line.filters && Object.keys(line.filters as object).length > 0) {
        throw new ExportNotVerifiableError(
          'a filtered export holds only part of the chain and cannot be verified',
        );
      }
      if (line.start && typeof line.start === 'object') {
        const given = line.start as { seq?: unknown; headHash?: unknown };
        start = { seq: Number(given.seq), headHash: String(given.headHash) };
      }
    }
    if (line.type === 'checkpoint' && (!latest || Number(line.seq) > latest.seq)) latest = toCheckpoint(line);
    if (line.type === 'checkpoint' && start && Number(line.seq) === start.seq) anchor = toCheckpoint(line);
  }
  // A chain that starts after a removed prefix starts from a signed checkpoint in the file; one
  // whose checkpoint line is missing or names another hash cannot be vouched for.
  if (start && (!anchor || anchor.headHash !== start.headHash)) {
    anchor = { seq: start.seq, headHash: start.headHash, createdAt: new Date(NaN), signature: '', keyId: '' };
  }
  if (number === 0) throw new ExportNotVerifiableError('the file is empty');

  const verifier = new ChainVerifier({ checkpoint: latest, signingKey, anchor });
  let events = 0;
  let checkpoints = 0;
  let end: Line | null = null;
  number = 0;
  for await (const raw of open()) {
    number += 1;
    if (!raw.trim()) continue;
    const line = parse(raw, number);
    if (line.type === 'event') {
      events += 1;
      verifier.add({
        seq: Number(line.seq),
        prevHash: String(line.prevHash),
        hash: String(line.hash),
        occurredAt: new Date(String(line.occurredAt)),
        actorId: (line.actorId ?? null) as string | null,
        actorRole: String(line.actorRole),
        action: String(line.action),
        resourceType: String(line.resourceType),
        resourceId: (line.resourceId ?? null) as string | null,
        outcome: String(line.outcome),
        ip: (line.ip ?? null) as string | null,
        userAgent: (line.userAgent ?? null) as string | null,
        requestId: (line.requestId ?? null) as string | null,
        details: (line.details ?? {}) as Record<string, unknown>,
      });
    } else if (line.type === 'checkpoint') checkpoints += 1;
    else if (line.type === 'end') end = line;
  }
  const complete = end !== null && end.events === events && end.checkpoints === checkpoints;
  return { ...verifier.finish(), complete };
}
