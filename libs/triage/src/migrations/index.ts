import { Triage1764300000400 } from './1764300000400-triage';
import { TriageRescoring1764300000600 } from './1764300000600-triage-rescoring';
import { EscalationSweep1764300001250 } from './1764300001250-escalation-sweep';

/**
 * Triage's migrations, in timestamp order. Each class keeps the name TypeORM recorded when it ran
 * (its `name`), so moving a file never makes a database see a new migration. The CLI's migrate and
 * the tests' template database run every lib's list merged by timestamp (`migrationsInOrder`).
 */
export const TRIAGE_MIGRATIONS = [
  Triage1764300000400,
  TriageRescoring1764300000600,
  EscalationSweep1764300001250,
];
