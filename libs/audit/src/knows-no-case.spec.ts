import { CONSULTATION_STATUSES } from '@app/consultations';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The audit trail records, chains, verifies and reviews events without knowing what they are
 * about (docs/architecture.md): what a consultation is, its actions, statuses and the requester
 * role belong to the libs above it (consultations, triage, oversight). Tests and their fixtures
 * may name real actions; production source may not.
 */
const SOURCE = __dirname;
const isProduction = (path: string) =>
  path.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(path) && !relative(SOURCE, path).startsWith('testing');

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productionFiles(path);
    return isProduction(path) ? [path] : [];
  });
}

/**
 * The one exception: one partial index exists only for libs/oversight's access report (its lateral
 * lookups of consultation lifecycle events). The table's description (one per table) names every
 * index, and the migration that built it is history (recorded by name in every database, never
 * edited). It is schema, not behaviour: no audit code reads or writes by it.
 */
const ALLOWED: { file: string; line: RegExp }[] = [
  {
    file: join('persistence', 'audit-event.entity.ts'),
    line: /audit_events_consultation_lifecycle_idx|^\s*"\(\(resource_type = 'consultation'::text\) AND \(action = ANY/,
  },
  { file: join('migrations', '1764300000500-audit-review.ts'), line: /.*/ },
];
const allowed = (file: string, line: string) =>
  ALLOWED.some((a) => relative(SOURCE, file) === a.file && a.line.test(line));

const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'a consultation (its actions, resource type or name)', pattern: /consultation/i },
  { what: 'triage', pattern: /triage/i },
  { what: 'the requester role', pattern: /requester/i },
  ...CONSULTATION_STATUSES.map((status) => ({
    what: `the consultation status '${status}' as a string`,
    pattern: new RegExp(`['"\`]${status}['"\`]`),
  })),
];

describe('libs/audit knows no case', () => {
  const files = productionFiles(SOURCE);

  it('finds the production source it guards', () => {
    expect(files.map((f) => relative(SOURCE, f))).toEqual(
      expect.arrayContaining(['audit.module.ts', join('persistence', 'audit-events.repository.ts')]),
    );
  });

  it.each(FORBIDDEN)('never names $what', ({ pattern }) => {
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(SOURCE, file)}:${i + 1}` }))
        .filter(({ line }) => pattern.test(line) && !allowed(file, line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });
});
