import type { Locale } from '@app/identity';
import type { EmailPreference } from '../preferences/email-preferences';

/** The words of one kind of mail in one language. `{reference}` is replaced by the request's reference. */
export interface MailWording {
  subject: string;
  /** One or two sentences saying what happened; never anything of the case itself. */
  lead: string;
}

export interface MailKind {
  /** The preference that turns this kind off; null: always sent (e.g. invitations, later). */
  preference: EmailPreference | null;
  wording: Record<Locale, MailWording>;
}

/**
 * Which notification types are mailed, and how. The key is the notification's type; a type not
 * listed here is not mailed at all. A new kind of notification is one entry here (and, if it
 * should be switchable, a preference). Every text names only the kind of event and the
 * request's reference: mail passes through servers outside the municipality's control.
 */
export const MAIL_KINDS: Readonly<Record<string, MailKind>> = {
  'consultation.critical': {
    preference: 'newCritical',
    wording: {
      sv: {
        subject: 'Ny akut förfrågan {reference}',
        lead: 'En ny förfrågan har bedömts som akut och väntar på att någon tar den.',
      },
      en: {
        subject: 'New critical request {reference}',
        lead: 'A new request has been triaged as critical and is waiting for someone to take it.',
      },
    },
  },
  'consultation.assigned': {
    preference: 'assigned',
    wording: {
      sv: { subject: 'Förfrågan {reference} har tilldelats dig', lead: 'En förfrågan har tilldelats dig.' },
      en: { subject: 'Request {reference} assigned to you', lead: 'A request has been assigned to you.' },
    },
  },
  'consultation.sla_warning': {
    preference: 'slaBreach',
    wording: {
      sv: {
        subject: 'Svarstiden närmar sig för {reference}',
        lead: 'Svarstiden för en förfrågan som ingen har tagit närmar sig.',
      },
      en: {
        subject: 'Response deadline approaching for {reference}',
        lead: 'The response deadline of a request nobody has taken is approaching.',
      },
    },
  },
  'consultation.sla_breached': {
    preference: 'slaBreach',
    wording: {
      sv: {
        subject: 'Svarstiden har passerats för {reference}',
        lead: 'Svarstiden för en förfrågan som ingen har tagit har passerats.',
      },
      en: {
        subject: 'Response deadline missed for {reference}',
        lead: 'The response deadline of a request nobody has taken has passed.',
      },
    },
  },
  'message.created': {
    preference: 'message',
    wording: {
      sv: { subject: 'Nytt meddelande i {reference}', lead: 'Det finns ett nytt meddelande i en förfrågan.' },
      en: { subject: 'New message on {reference}', lead: 'There is a new message on a request.' },
    },
  },
};

/** The mail kind of a notification type, or null when that type is not mailed. */
export function mailKindOf(type: string): MailKind | null {
  return Object.prototype.hasOwnProperty.call(MAIL_KINDS, type) ? MAIL_KINDS[type] : null;
}
