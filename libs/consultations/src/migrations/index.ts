import { Consultations1764300000300 } from './1764300000300-consultations';
import { Retention1764300001000 } from './1764300001000-retention';
import { IntakeLimit1764300001100 } from './1764300001100-intake-limit';

/**
 * Consultations's migrations, in timestamp order. Each class keeps the name TypeORM recorded when it ran
 * (its `name`), so moving a file never makes a database see a new migration. The CLI's migrate and
 * the tests' template database run every lib's list merged by timestamp (`migrationsInOrder`).
 */
export const CONSULTATIONS_MIGRATIONS = [
  Consultations1764300000300,
  Retention1764300001000,
  IntakeLimit1764300001100,
];
