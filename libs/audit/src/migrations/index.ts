import { AuditTrail1764300000100 } from './1764300000100-audit-trail';
import { AuditReview1764300000500 } from './1764300000500-audit-review';
import { AuditRetention1764300001200 } from './1764300001200-audit-retention';

/**
 * The audit trail's migrations, in timestamp order. Each class keeps the name TypeORM recorded when it ran
 * (its `name`), so moving a file never makes a database see a new migration. The CLI's migrate and
 * the tests' template database run every lib's list merged by timestamp (`migrationsInOrder`).
 */
export const AUDIT_MIGRATIONS = [
  AuditTrail1764300000100,
  AuditReview1764300000500,
  AuditRetention1764300001200,
];
