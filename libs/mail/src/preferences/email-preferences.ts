/** The kinds of event a user may choose to hear about by email (GET/PUT /me/notification-preferences). */
export const EMAIL_PREFERENCES = ['newCritical', 'assigned', 'slaBreach', 'message'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];
export type EmailPreferences = Record<EmailPreference, boolean>;

/** Every kind is on until the user turns it off. */
export const DEFAULT_EMAIL_PREFERENCES: EmailPreferences = {
  newCritical: true,
  assigned: true,
  slaBreach: true,
  message: true,
};

/** The notification_preferences column of each preference (the only place SQL names them). */
export const PREFERENCE_COLUMNS: Record<EmailPreference, string> = {
  newCritical: 'email_new_critical',
  assigned: 'email_assigned',
  slaBreach: 'email_sla_breach',
  message: 'email_message',
};
