import { PlatformFoundation1764300000000 } from './1764300000000-platform-foundation';
import { AuditTrail1764300000100 } from './1764300000100-audit-trail';
import { Identity1764300000200 } from './1764300000200-identity';
import { Consultations1764300000300 } from './1764300000300-consultations';
import { Triage1764300000400 } from './1764300000400-triage';
import { AuditReview1764300000500 } from './1764300000500-audit-review';
import { TriageRescoring1764300000600 } from './1764300000600-triage-rescoring';
import { OutboxNotify1764300000700 } from './1764300000700-outbox-notify';
import { AppLoginRole1764300000850 } from './1764300000850-app-login-role';
import { IdentityHardening1764300000930 } from './1764300000930-identity-hardening';
import { Retention1764300001000 } from './1764300001000-retention';
import { IntakeLimit1764300001100 } from './1764300001100-intake-limit';
import { AuditRetention1764300001200 } from './1764300001200-audit-retention';
import { EscalationSweep1764300001250 } from './1764300001250-escalation-sweep';
import { Email1764300001270 } from './1764300001270-email';
import { IntakeAlert1764300001300 } from './1764300001300-intake-alert';
import { SecondFactor1764300001400 } from './1764300001400-second-factor';
import { Webauthn1764300001450 } from './1764300001450-webauthn';
import { SessionDetails1764300001500 } from './1764300001500-session-details';
import { AccountLinks1764300001600 } from './1764300001600-account-links';
import { RoleGrants1764300001700 } from './1764300001700-role-grants';
import { SingleSignOn1764300001800 } from './1764300001800-single-sign-on';
import { OidcSecondFactor1764300001810 } from './1764300001810-oidc-second-factor';

/** Every migration, in order. Listed explicitly so the built apps need no file globbing. */
export const MIGRATIONS = [PlatformFoundation1764300000000, AuditTrail1764300000100, Identity1764300000200, Consultations1764300000300, Triage1764300000400, AuditReview1764300000500, TriageRescoring1764300000600, OutboxNotify1764300000700, AppLoginRole1764300000850, IdentityHardening1764300000930, Retention1764300001000, IntakeLimit1764300001100, AuditRetention1764300001200, EscalationSweep1764300001250, Email1764300001270, IntakeAlert1764300001300, SecondFactor1764300001400, Webauthn1764300001450, SessionDetails1764300001500, AccountLinks1764300001600, RoleGrants1764300001700, SingleSignOn1764300001800, OidcSecondFactor1764300001810];
