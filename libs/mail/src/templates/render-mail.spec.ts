import { LOCALES } from '@app/identity';
import { EMAIL_PREFERENCES } from '../preferences/email-preferences';
import { MAIL_KINDS, mailKindOf } from './mail-kinds';
import { escapeHtml, renderMail } from './render-mail';

const FACTS = { reference: 'KONS-2026-000123', link: 'https://intake.example/consultations/c0ffee' };

describe('mail templates', () => {
  it('words every kind in every language, the subject naming the reference', () => {
    for (const [type, kind] of Object.entries(MAIL_KINDS)) {
      expect(kind.preference === null || EMAIL_PREFERENCES.includes(kind.preference)).toBe(true);
      for (const locale of LOCALES) {
        const mail = renderMail(kind, locale, FACTS);
        expect(mail.subject).toContain('KONS-2026-000123');
        expect(mail.text).toContain(FACTS.link);
        expect(mail.html).toContain(`href="${FACTS.link}"`);
        expect(mail.html).toContain(`lang="${locale}"`);
        expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
      }
    }
  });

  it('answers the Swedish and English subjects of a new critical request', () => {
    const kind = MAIL_KINDS['consultation.critical'];
    expect(renderMail(kind, 'sv', FACTS).subject).toBe('Ny akut förfrågan KONS-2026-000123');
    expect(renderMail(kind, 'en', FACTS).subject).toBe('New critical request KONS-2026-000123');
  });

  it('mails no type it does not know, including inherited property names', () => {
    expect(mailKindOf('consultation.critical')).not.toBeNull();
    for (const type of ['staff.role_changed', 'toString', '__proto__', 'constructor', '']) {
      expect(mailKindOf(type)).toBeNull();
    }
  });

  it('escapes every value in the HTML and keeps the subject on one line', () => {
    const hostile = {
      reference: 'KONS-<script>alert("x")</script>\r\nBcc: someone@example.com',
      link: 'https://intake.example/consultations/"><img src=x onerror=alert(1)>',
    };
    const mail = renderMail(MAIL_KINDS['message.created'], 'sv', hostile);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('"><img');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
