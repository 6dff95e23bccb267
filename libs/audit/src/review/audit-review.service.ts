import { Injectable } from '@nestjs/common';
import {
  Actor,
  Page,
  PageRequest,
  pageSize,
  toPage,
  TooManyRequestsError,
  ValidationFailedError,
} from '@app/platform';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AuditArchivesRepository } from '../persistence/audit-archives.repository';
import { AuditCheckpointsRepository } from '../persistence/audit-checkpoints.repository';
import { AuditEventFilter } from '../persistence/audit-event.record';
import { AuditEventsRepository, CHAIN_STREAM_BATCH } from '../persistence/audit-events.repository';
import { openReadSnapshot } from '../persistence/read-snapshot';
import { AuditRecorder } from '../recording/audit-recorder';
import { AuditCheckpointView, AuditEventView, toAuditEventView, toCheckpointView } from './audit-event.view';
import {
  csvCheckpoint,
  csvEvent,
  csvHeader,
  EXPORT_CONTENT_TYPES,
  ExportFormat,
  filtersForExport,
  ndjsonCheckpoint,
  ndjsonEnd,
  ndjsonEvent,
  ndjsonHeader,
} from './audit-export.format';
import { decodeSeqCursor, seqCursor } from './seq-cursor';

export interface AuditExport {
  stream: Readable;
  contentType: string;
  filename: string;
}

/** Each export holds one database connection for as long as the client takes to download it. */
const MAX_CONCURRENT_EXPORTS = 2;

/**
 * Supervisors' review of the trail: the list with every filter of api.md, one resource's access
 * log, the checkpoints, and streamed exports. Each of these is itself audited (`audit.read`,
 * `audit.export`) in the same transaction as the read, as its last statement.
 */
@Injectable()
export class AuditReviewService {
  private exportsInFlight = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AuditEventsRepository,
    private readonly checkpoints: AuditCheckpointsRepository,
    private readonly recorder: AuditRecorder,
  ) {}

  async listEvents(actor: Actor, filter: AuditEventFilter, page: PageRequest): Promise<Page<AuditEventView>> {
    assertRange(filter);
    return this.eventPage(actor, filter, page, {
      resourceType: 'audit_event',
      details: { filters: filtersForExport(filter) },
    });
  }

  /**
   * Everything the trail holds about one resource, newest first: who saw or changed it. What a
   * resource is, and who may ask, is the caller's business (libs/oversight).
   */
  resourceAccessLog(
    actor: Actor,
    resource: { type: string; id: string },
    page: PageRequest,
  ): Promise<Page<AuditEventView>> {
    const filter: AuditEventFilter = { resourceType: resource.type, resourceId: resource.id };
    return this.eventPage(actor, filter, page, {
      resourceType: resource.type,
      resourceId: resource.id,
      details: { view: 'access_log' },
    });
  }

  async listCheckpoints(actor: Actor, page: PageRequest): Promise<Page<AuditCheckpointView>> {
    const limit = pageSize(page.limit);
    const before = decodeSeqCursor('audit_checkpoints', page.cursor);
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.checkpoints.findNewestFirst(before, limit + 1, manager);
      const result = toPage(rows, limit, toCheckpointView, seqCursor('audit_checkpoints'));
      await this.audited(manager, actor, 'audit.read', {
        resourceType: 'audit_checkpoint',
        details: { returned: result.items.length },
      });
      return result;
    });
  }

  /**
   * Records `audit.export` (who exported what, before a byte is sent), then streams the matching
   * events in chain order and every checkpoint from one read snapshot, batch by batch through a
   * server-side cursor, pulled only as fast as the client reads: memory stays flat for any size.
   */
  async openExport(actor: Actor, filter: AuditEventFilter, format: ExportFormat): Promise<AuditExport> {
    assertRange(filter);
    if (this.exportsInFlight >= MAX_CONCURRENT_EXPORTS) throw new TooManyRequestsError(10);
    const generatedAt = new Date();
    await this.dataSource.transaction((manager) =>
      this.audited(manager, actor, 'audit.export', {
        resourceType: 'audit_event',
        details: { format, filters: filtersForExport(filter) },
      }),
    );
    this.exportsInFlight += 1;
    const stream = Readable.from(this.exportChunks(filter, format, generatedAt), {
      objectMode: false,
      highWaterMark: 64 * 1024,
    });
    stream.once('close', () => {
      this.exportsInFlight -= 1;
    });
    const stamp = generatedAt.toISOString().replace(/[:.]/g, '-');
    return { stream, contentType: EXPORT_CONTENT_TYPES[format], filename: `audit-events-${stamp}.${format}` };
  }

  private async *exportChunks(
    filter: AuditEventFilter,
    format: ExportFormat,
    generatedAt: Date,
  ): AsyncGenerator<string> {
    const csv = format === 'csv';
    const snapshot = await openReadSnapshot(this.dataSource);
    try {
      // After a removed prefix, the header names the checkpoint the chain starts from.
      const anchor = await new AuditArchivesRepository(this.dataSource).findAnchor(snapshot.manager);
      yield csv
        ? csvHeader()
        : ndjsonHeader(
            filter,
            generatedAt,
            anchor ? { start: { seq: anchor.seq, headHash: anchor.headHash } } : {},
          );
      let events = 0;
      let checkpoints = 0;
      const writeEvent = csv ? csvEvent : ndjsonEvent;
      for await (const batch of this.events.streamInChainOrder(snapshot.manager, filter)) {
        events += batch.length;
        yield* inChunks(batch, (e) => writeEvent(toAuditEventView(e)));
      }
      const writeCheckpoint = csv ? csvCheckpoint : ndjsonCheckpoint;
      for await (const batch of this.checkpoints.streamInChainOrder(snapshot.manager, CHAIN_STREAM_BATCH)) {
        checkpoints += batch.length;
        yield* inChunks(batch, (c) => writeCheckpoint(toCheckpointView(c)));
      }
      if (!csv) yield ndjsonEnd(events, checkpoints);
    } finally {
      await snapshot.close();
    }
  }

  private async eventPage(
    actor: Actor,
    filter: AuditEventFilter,
    page: PageRequest,
    audit: { resourceType: string; resourceId?: string; details: Record<string, unknown> },
  ): Promise<Page<AuditEventView>> {
    const limit = pageSize(page.limit);
    const before = decodeSeqCursor('audit_events', page.cursor);
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.events.findNewestFirst(filter, before, limit + 1, manager);
      const result = toPage(rows, limit, toAuditEventView, seqCursor('audit_events'));
      await this.audited(manager, actor, 'audit.read', {
        ...audit,
        details: {
          ...audit.details,
          returned: result.items.length,
          page: before === null ? 'first' : 'next',
        },
      });
      return result;
    });
  }

  private audited(
    manager: EntityManager,
    actor: Actor,
    action: string,
    event: { resourceType: string; resourceId?: string; details: Record<string, unknown> },
  ) {
    return this.recorder.record(manager, { action, actorId: actor.id, actorRole: actor.role, ...event });
  }
}

/**
 * About the stream's high-water mark per chunk. A whole batch joined into one string (hundreds of
 * KB) lands in V8's large-object space and, as a Buffer, in malloc's; pieces this size are
 * ordinary young objects that die young (bench/performance.md).
 */
const EXPORT_CHUNK_CHARS = 32 * 1024;

function* inChunks<T>(items: readonly T[], line: (item: T) => string): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const item of items) {
    const text = line(item);
    parts.push(text);
    length += text.length;
    if (length >= EXPORT_CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

function assertRange(filter: AuditEventFilter): void {
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
    throw new ValidationFailedError([{ field: 'to', message: 'to must be later than from' }]);
  }
}
