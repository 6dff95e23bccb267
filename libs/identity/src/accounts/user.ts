import { Role } from '../access/role';

/**
 * Where an account stands: `invited` (created without a password; it sets one through the link in
 * its invitation and cannot log in until then), `active`, or `deactivated` (by an admin).
 */
export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** An account as services and responses see it: never a password or hash. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  /** Null: no role yet (created for a staff role whose grant a supervisor has not approved). */
  role: Role | null;
  /** The role of the account's pending grant (docs/accounts.md "Role grants"), or null. */
  pendingRole: Role | null;
  organizationId: string | null;
  /** Not deactivated by an admin (an invited account is active too: see `status`). */
  active: boolean;
  status: UserStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ORGANIZATION_KINDS = ['school', 'health_care', 'social_services', 'police', 'ngo', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  createdAt: Date;
}

export interface UserFilter {
  role?: Role;
  active?: boolean;
  status?: UserStatus;
  organizationId?: string;
}

/** The languages mails (and later the screens) can be in; `sv` is every account's default. */
export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What the mail path needs of an account: where to write, in which language, and whether to at all. */
export interface MailContact {
  id: string;
  email: string;
  locale: Locale;
  active: boolean;
}
