import { CHAIN_VERSION } from '../chain/canonical-encoding';
import type { AuditEventFilter } from '../persistence/audit-event.record';
import type { AuditCheckpointView, AuditEventView } from './audit-event.view';

/**
 * The two export formats (docs/audit.md "Exports"). Events come in chain order (ascending seq),
 * then every checkpoint, so an unfiltered NDJSON export can be re-verified offline
 * (`npm run audit:verify -- --file export.ndjson`).
 */
export type ExportFormat = 'csv' | 'ndjson';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'ndjson'];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

export const EXPORT_FORMAT_NAME = 'consult-intake.audit-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportHeader {
  type: 'export';
  format: typeof EXPORT_FORMAT_NAME;
  version: typeof EXPORT_FORMAT_VERSION;
  chainVersion: string;
  generatedAt: string;
  filters: Record<string, string>;
  order: 'seq_ascending';
  /**
   * Present when the chain starts after an archived, removed prefix: the seq and hash of the signed
   * checkpoint it starts from (its checkpoint line is in the file). Verification starts there.
   */
  start?: { seq: number; headHash: string };
  /** Present in an archive written by `npm run audit:prune`: the seq of the checkpoint that closes it. */
  archive?: { throughSeq: number; olderThan: string };
}

export function filtersForExport(filter: AuditEventFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined) out[key] = value instanceof Date ? value.toISOString() : String(value);
  }
  return out;
}

// --- NDJSON: one JSON object per line; `type` says which record it is.

export function ndjsonHeader(
  filter: AuditEventFilter,
  generatedAt: Date,
  extra: Pick<ExportHeader, 'start' | 'archive'> = {},
): string {
  const header: ExportHeader = {
    ...extra,
    type: 'export',
    format: EXPORT_FORMAT_NAME,
    version: EXPORT_FORMAT_VERSION,
    chainVersion: CHAIN_VERSION,
    generatedAt: generatedAt.toISOString(),
    filters: filtersForExport(filter),
    order: 'seq_ascending',
  };
  return `${JSON.stringify(header)}\n`;
}

export const ndjsonEvent = (e: AuditEventView) => `${JSON.stringify({ type: 'event', ...e })}\n`;
export const ndjsonCheckpoint = (c: AuditCheckpointView) =>
  `${JSON.stringify({ type: 'checkpoint', ...c })}\n`;
/** The last line: its absence tells a reader the download was cut short. */
export const ndjsonEnd = (events: number, checkpoints: number) =>
  `${JSON.stringify({ type: 'end', events, checkpoints })}\n`;

// --- CSV (RFC 4180): CRLF line ends, one header row, the same columns on every row.

export const CSV_COLUMNS = [
  'record_type',
  'id',
  'seq',
  'occurred_at',
  'actor_id',
  'actor_role',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'ip',
  'user_agent',
  'request_id',
  'details',
  'prev_hash',
  'hash',
  'signature',
  'key_id',
] as const;

/**
 * One CSV field. A spreadsheet treats a cell starting with = + - @ (or tab / carriage return, which
 * some strip first) as a formula, so such a cell gets a leading single quote (OWASP's advice);
 * then any field holding a quote, comma or line break is quoted, with quotes doubled.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvRow = (fields: (string | number | null)[]) => `${fields.map(csvField).join(',')}\r\n`;

export const csvHeader = () => csvRow([...CSV_COLUMNS]);

export const csvEvent = (e: AuditEventView) =>
  csvRow([
    'event',
    e.id,
    e.seq,
    e.occurredAt,
    e.actorId,
    e.actorRole,
    e.action,
    e.resourceType,
    e.resourceId,
    e.outcome,
    e.ip,
    e.userAgent,
    e.requestId,
    JSON.stringify(e.details),
    e.prevHash,
    e.hash,
    null,
    null,
  ]);

/** A checkpoint row: seq, created time (in occurred_at), the head hash it signed (in hash), signature, key id. */
export const csvCheckpoint = (c: AuditCheckpointView) =>
  csvRow([
    'checkpoint',
    null,
    c.seq,
    c.createdAt,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    c.headHash,
    c.signature,
    c.keyId,
  ]);
