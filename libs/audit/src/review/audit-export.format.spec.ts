import fc from 'fast-check';
import {
  CSV_COLUMNS,
  csvCheckpoint,
  csvEvent,
  csvField,
  csvHeader,
  ndjsonEvent,
  ndjsonHeader,
} from './audit-export.format';
import type { AuditEventView } from './audit-event.view';

/** A minimal RFC 4180 reader, to check what the writer produces round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const event: AuditEventView = {
  id: '4f1c2a9e-0000-4000-8000-000000000001',
  seq: 7,
  occurredAt: '2026-11-27T10:00:00.000Z',
  actorId: null,
  actorRole: 'investigator',
  action: 'consultation.read',
  resourceType: 'consultation',
  resourceId: 'c1',
  outcome: 'success',
  ip: '127.0.0.1',
  userAgent: '=HYPERLINK("http://evil","x"), "quoted"\r\nnext',
  requestId: '-1+2',
  details: { note: '@SUM(A1)' },
  hash: 'a'.repeat(64),
  prevHash: 'b'.repeat(64),
};

describe('audit export formats', () => {
  it('neutralizes every cell a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvField(`${start}cmd`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
  });

  it('writes RFC 4180 rows that read back to the same fields, with the formula guard', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (values) => {
        const line = `${values.map(csvField).join(',')}\r\n`;
        const [parsed] = parseCsv(line);
        expect(parsed).toEqual(values.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives event and checkpoint rows the header’s column count', () => {
    const rows = parseCsv(
      csvHeader() +
        csvEvent(event) +
        csvCheckpoint({
          seq: 7,
          headHash: 'c'.repeat(64),
          createdAt: event.occurredAt,
          signature: 'd'.repeat(64),
          keyId: 'hmac-0123',
        }),
    );
    expect(rows.map((r) => r.length)).toEqual([CSV_COLUMNS.length, CSV_COLUMNS.length, CSV_COLUMNS.length]);
    expect(rows[1][CSV_COLUMNS.indexOf('user_agent')]).toBe(`'${event.userAgent}`);
    expect(rows[1][CSV_COLUMNS.indexOf('request_id')]).toBe(`'-1+2`);
    expect(rows[2].slice(0, 3)).toEqual(['checkpoint', '', '7']);
  });

  it('writes NDJSON as one typed JSON object per line', () => {
    const text =
      ndjsonHeader(
        { action: 'consultation.read', from: new Date('2026-11-01T00:00:00Z') },
        new Date('2026-11-27T00:00:00Z'),
      ) + ndjsonEvent(event);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'export',
      chainVersion: 'v1',
      filters: { action: 'consultation.read', from: '2026-11-01T00:00:00.000Z' },
    });
    expect(lines[1]).toEqual({ type: 'event', ...event });
  });
});
