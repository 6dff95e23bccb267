import { Identity1764300000200 } from './1764300000200-identity';
import { IdentityHardening1764300000930 } from './1764300000930-identity-hardening';
import { SecondFactor1764300001400 } from './1764300001400-second-factor';
import { Webauthn1764300001450 } from './1764300001450-webauthn';
import { SessionDetails1764300001500 } from './1764300001500-session-details';
import { AccountLinks1764300001600 } from './1764300001600-account-links';
import { RoleGrants1764300001700 } from './1764300001700-role-grants';
import { SingleSignOn1764300001800 } from './1764300001800-single-sign-on';
import { OidcSecondFactor1764300001810 } from './1764300001810-oidc-second-factor';

/**
 * Identity's migrations, in timestamp order. Each class keeps the name TypeORM recorded when it ran
 * (its `name`), so moving a file never makes a database see a new migration. The CLI's migrate and
 * the tests' template database run every lib's list merged by timestamp (`migrationsInOrder`).
 */
export const IDENTITY_MIGRATIONS = [
  Identity1764300000200,
  IdentityHardening1764300000930,
  SecondFactor1764300001400,
  Webauthn1764300001450,
  SessionDetails1764300001500,
  AccountLinks1764300001600,
  RoleGrants1764300001700,
  SingleSignOn1764300001800,
  OidcSecondFactor1764300001810,
];
