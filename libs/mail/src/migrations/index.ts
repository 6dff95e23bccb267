import { Email1764300001270 } from './1764300001270-email';

/**
 * Email's migrations, in timestamp order. Each class keeps the name TypeORM recorded when it ran
 * (its `name`), so moving a file never makes a database see a new migration. The CLI's migrate and
 * the tests' template database run every lib's list merged by timestamp (`migrationsInOrder`).
 */
export const MAIL_MIGRATIONS = [
  Email1764300001270,
];
