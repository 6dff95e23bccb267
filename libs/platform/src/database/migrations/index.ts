import { PlatformFoundation1764300000000 } from './1764300000000-platform-foundation';
import { OutboxNotify1764300000700 } from './1764300000700-outbox-notify';
import { AppLoginRole1764300000850 } from './1764300000850-app-login-role';

/**
 * The platform's migrations, in timestamp order. Each class keeps the name TypeORM recorded when it ran
 * (its `name`), so moving a file never makes a database see a new migration. The CLI's migrate and
 * the tests' template database run every lib's list merged by timestamp (`migrationsInOrder`).
 */
export const PLATFORM_MIGRATIONS = [
  PlatformFoundation1764300000000,
  OutboxNotify1764300000700,
  AppLoginRole1764300000850,
];
