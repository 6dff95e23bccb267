import { AUDIT_MIGRATIONS } from '@app/audit';
import { CONSULTATIONS_MIGRATIONS } from '@app/consultations';
import { IDENTITY_MIGRATIONS } from '@app/identity';
import { MAIL_MIGRATIONS } from '@app/mail';
import { NOTIFICATIONS_MIGRATIONS } from '@app/notifications';
import { migrationsInOrder, PLATFORM_MIGRATIONS } from '@app/platform';
import { TRIAGE_MIGRATIONS } from '@app/triage';

/** What `npm run migrate` applies: the platform's and every feature's migrations, by timestamp. */
export const CLI_MIGRATIONS = migrationsInOrder(
  PLATFORM_MIGRATIONS,
  AUDIT_MIGRATIONS,
  IDENTITY_MIGRATIONS,
  MAIL_MIGRATIONS,
  CONSULTATIONS_MIGRATIONS,
  NOTIFICATIONS_MIGRATIONS,
  TRIAGE_MIGRATIONS,
);
