/** What a notification tells about (stored in `notifications.type`; never rename without a migration). */
export const NOTIFICATION_TYPES = [
  'consultation.critical',
  'consultation.assigned',
  'consultation.sla_warning',
  'consultation.sla_breached',
  'message.created',
  // About accounts (written by the identity lib's StaffAlerts, supervisors only); no consultation.
  'account.staff_role_granted',
  'account.staff_password_set',
  'account.mfa_reset',
  // Two-person staff-role grants (docs/accounts.md): an admin asked for investigator or supervisor; a supervisor rejected it.
  'account.role_grant_requested',
  'account.role_grant_rejected',
  // Supervisors: a requester hit INTAKE_LIMIT_PER_HOUR; names their latest request (written by intake).
  'intake.limit_reached',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** A notification as the API answers it: the event and the request's reference, never case text. */
export interface NotificationView {
  id: string;
  type: NotificationType;
  /** Null for notifications about accounts. */
  consultationId: string | null;
  reference: string | null;
  /** The account an `account.*` notification is about; null otherwise. */
  userId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The notifications about a consultation (the rest are about accounts). */
export type ConsultationNotificationType = Exclude<NotificationType, `account.${string}`>;

export interface NewNotifications {
  type: ConsultationNotificationType;
  consultationId: string;
  reference: string;
  recipientIds: readonly string[];
  /** Names the event that caused them; a recipient gets one notification per key, however often it is delivered. */
  dedupeKey: string;
  /** Of the recipients, those also told by email (when email is on and they have not turned it off); absent: all. */
  mailRecipientIds?: readonly string[];
}
