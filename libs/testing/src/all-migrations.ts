// Relative imports: Jest loads the global setup (global-setup.ts) without the @app/* path aliases.
import { AUDIT_MIGRATIONS } from '../../audit/src/migrations';
import { CONSULTATIONS_MIGRATIONS } from '../../consultations/src/migrations';
import { IDENTITY_MIGRATIONS } from '../../identity/src/migrations';
import { MAIL_MIGRATIONS } from '../../mail/src/migrations';
import { NOTIFICATIONS_MIGRATIONS } from '../../notifications/src/migrations';
import { migrationsInOrder } from '../../platform/src/database/migration-order';
import { PLATFORM_MIGRATIONS } from '../../platform/src/database/migrations';
import { TRIAGE_MIGRATIONS } from '../../triage/src/migrations';

/**
 * Every migration by timestamp, as `npm run migrate` applies them (apps/cli/src/cli.migrations.ts;
 * its spec checks the two lists agree): the tests' template database and private clusters.
 */
export const ALL_MIGRATIONS = migrationsInOrder(
  PLATFORM_MIGRATIONS,
  AUDIT_MIGRATIONS,
  IDENTITY_MIGRATIONS,
  MAIL_MIGRATIONS,
  CONSULTATIONS_MIGRATIONS,
  NOTIFICATIONS_MIGRATIONS,
  TRIAGE_MIGRATIONS,
);
