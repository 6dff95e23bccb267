import { IntakeAlert1764300001300 } from './1764300001300-intake-alert';

/**
 * The notifications table's own migrations, in timestamp order (the table itself was created with
 * triage's in 1764300000400-triage, and identity's and consultations' migrations changed it beside
 * their own tables: those stay where they ran). Each class keeps the name TypeORM recorded when it
 * ran, so moving a file never makes a database see a new migration.
 */
export const NOTIFICATIONS_MIGRATIONS = [IntakeAlert1764300001300];
