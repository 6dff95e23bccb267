import type { Locale, LinkPurpose } from '@app/identity';

/** The words of one account mail in one language. `{validFor}` becomes e.g. "72 timmar" / "72 hours". */
export interface AccountMailWording {
  subject: string;
  /** What the mail is for; never a name or anything of a case. */
  lead: string;
  /** The link's words. */
  action: string;
  /** How long the link works, and that it works once. */
  validity: string;
  /** What to do when the reader did not ask for this. */
  ignore: string;
}

/** The mail kind (mail_deliveries.kind) of each link purpose. */
export const ACCOUNT_MAIL_KIND: Record<LinkPurpose, string> = {
  invitation: 'account.invitation',
  password_reset: 'account.password_reset',
};

/** Where each link leads in the web app; the token goes in the fragment, which no server receives or logs. */
export const ACCOUNT_LINK_PATH: Record<LinkPurpose, string> = {
  invitation: '/invitation',
  password_reset: '/reset-password',
};

/**
 * Invitations and password resets, in Swedish and English (docs/mail.md, docs/accounts.md). Always
 * sent (no preference turns them off). They name no person, organization or case.
 */
export const ACCOUNT_MAIL_KINDS: Readonly<Record<LinkPurpose, Record<Locale, AccountMailWording>>> = {
  invitation: {
    sv: {
      subject: 'Du har bjudits in till Konsultation',
      lead: 'Ett konto har skapats åt dig i tjänsten för konsultationsförfrågningar. Välj ditt eget lösenord för att börja använda det.',
      action: 'Välj lösenord',
      validity: 'Länken gäller i {validFor} och kan bara användas en gång.',
      ignore:
        'Om du inte väntade dig det här mejlet kan du bortse från det; kontot kan inte användas förrän ett lösenord har valts.',
    },
    en: {
      subject: 'You have been invited to Konsultation',
      lead: 'An account has been created for you in the consultation request service. Choose your own password to start using it.',
      action: 'Choose a password',
      validity: 'The link works for {validFor} and only once.',
      ignore:
        'If you did not expect this email you can ignore it; the account cannot be used until a password has been chosen.',
    },
  },
  password_reset: {
    sv: {
      subject: 'Återställ ditt lösenord',
      lead: 'Någon har bett om att få återställa lösenordet till ditt konto. Välj ett nytt lösenord med länken nedan.',
      action: 'Välj nytt lösenord',
      validity:
        'Länken gäller i {validFor} och kan bara användas en gång. När du har valt ett nytt lösenord loggas du ut överallt.',
      ignore: 'Om det inte var du kan du bortse från det här mejlet; ditt lösenord ändras inte.',
    },
    en: {
      subject: 'Reset your password',
      lead: 'Someone asked to reset the password of your account. Choose a new password with the link below.',
      action: 'Choose a new password',
      validity:
        'The link works for {validFor} and only once. Once you have chosen a new password you are logged out everywhere.',
      ignore: 'If this was not you, you can ignore this email; your password does not change.',
    },
  },
};

/** "72 timmar", "30 minutes": the link's lifetime in words. */
export function validForWords(minutes: number, locale: Locale): string {
  const hours = minutes % 60 === 0 ? minutes / 60 : null;
  const [count, one, many] =
    hours !== null
      ? [hours, locale === 'sv' ? 'timme' : 'hour', locale === 'sv' ? 'timmar' : 'hours']
      : [minutes, locale === 'sv' ? 'minut' : 'minute', locale === 'sv' ? 'minuter' : 'minutes'];
  return `${count} ${count === 1 ? one : many}`;
}
