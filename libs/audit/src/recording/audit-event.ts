export type AuditOutcome = 'success' | 'denied' | 'failure';

/** What a caller states about an event; who, from where and when come from the request context. */
export interface AuditEventInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome?: AuditOutcome;
  /** Small and free of case text, passwords and tokens: name fields and statuses, not values. */
  details?: Record<string, unknown>;
  /** Overrides of the request context, e.g. for a login before anyone is authenticated. */
  actorId?: string | null;
  actorRole?: string;
}
