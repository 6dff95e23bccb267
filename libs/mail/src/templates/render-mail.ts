import type { Locale } from '@app/identity';
import type { MailKind } from './mail-kinds';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailFacts {
  /** The request's reference, e.g. KONS-2026-000123. */
  reference: string;
  /** The link into the web app. */
  link: string;
}

/** The words around every mail, per language. */
const FRAME: Record<Locale, { open: string; why: string; settings: string }> = {
  sv: {
    open: 'Öppna förfrågan',
    why: 'Innehållet visas bara i tjänsten, efter inloggning. Svara inte på det här mejlet.',
    settings: 'Vilka mejl du får ändrar du under dina notisinställningar i tjänsten.',
  },
  en: {
    open: 'Open the request',
    why: 'The content is shown only in the service, after you log in. Do not reply to this email.',
    settings: 'You choose which emails you get in your notification settings in the service.',
  },
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Header values must stay on one line whatever is in the database. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

/**
 * Subject, plain text and HTML of one mail. Only the kind of event (the template's own words),
 * the reference and the link go in; every value is escaped in the HTML.
 */
export function renderMail(kind: MailKind, locale: Locale, facts: MailFacts): RenderedMail {
  const wording = kind.wording[locale] ?? kind.wording.sv;
  const frame = FRAME[locale] ?? FRAME.sv;
  const reference = oneLine(facts.reference);
  const subject = oneLine(wording.subject.replace('{reference}', reference));
  const lead = wording.lead.replace('{reference}', reference);
  const text = [lead, '', `${frame.open}: ${facts.link}`, '', frame.why, frame.settings, ''].join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(lead)}</p>`,
    `<p><a href="${escapeHtml(facts.link)}">${escapeHtml(frame.open)} ${escapeHtml(reference)}</a></p>`,
    `<p style="color: #555">${escapeHtml(frame.why)}<br>${escapeHtml(frame.settings)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
