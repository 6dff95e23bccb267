import type { LinkPurpose, Locale } from '@app/identity';
import { ACCOUNT_MAIL_KINDS, validForWords } from './account-mail-kinds';
import { escapeHtml, RenderedMail } from './render-mail';

const CLOSING: Record<Locale, string> = {
  sv: 'Svara inte på det här mejlet.',
  en: 'Do not reply to this email.',
};

/**
 * Subject, plain text and HTML of an invitation or password-reset mail: the template's own words,
 * the link and its lifetime; nothing else (no name, no organization, no case).
 */
export function renderAccountMail(
  purpose: LinkPurpose,
  locale: Locale,
  facts: { link: string; validMinutes: number },
): RenderedMail {
  const wording = ACCOUNT_MAIL_KINDS[purpose][locale] ?? ACCOUNT_MAIL_KINDS[purpose].sv;
  const closing = CLOSING[locale] ?? CLOSING.sv;
  const validity = wording.validity.replace('{validFor}', validForWords(facts.validMinutes, locale));
  const text = [
    wording.lead,
    '',
    `${wording.action}: ${facts.link}`,
    '',
    validity,
    wording.ignore,
    closing,
    '',
  ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(wording.subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(wording.lead)}</p>`,
    `<p><a href="${escapeHtml(facts.link)}">${escapeHtml(wording.action)}</a></p>`,
    `<p>${escapeHtml(validity)}</p>`,
    `<p style="color: #555">${escapeHtml(wording.ignore)}<br>${escapeHtml(closing)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: wording.subject, text, html };
}
