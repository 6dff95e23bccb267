import { validForWords } from './account-mail-kinds';
import { renderAccountMail } from './render-account-mail';

describe('renderAccountMail', () => {
  const link = 'https://intake.example/invitation#token=abc_DEF-123';

  it('puts the link and its lifetime in both the text and the HTML, in the reader’s language', () => {
    const sv = renderAccountMail('invitation', 'sv', { link, validMinutes: 72 * 60 });
    expect(sv.subject).toBe('Du har bjudits in till Konsultation');
    expect(sv.text).toContain(`Välj lösenord: ${link}`);
    expect(sv.text).toContain('72 timmar');
    expect(sv.html).toContain(`<a href="${link}">Välj lösenord</a>`);
    const en = renderAccountMail('password_reset', 'en', { link, validMinutes: 30 });
    expect(en.subject).toBe('Reset your password');
    expect(en.text).toContain('30 minutes');
    expect(en.html).toContain('lang="en"');
  });

  it('escapes the link in the HTML', () => {
    const mail = renderAccountMail('invitation', 'en', {
      link: 'https://x.example/"><script>',
      validMinutes: 60,
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('says a lifetime in whole hours or in minutes', () => {
    expect(validForWords(60, 'sv')).toBe('1 timme');
    expect(validForWords(72 * 60, 'en')).toBe('72 hours');
    expect(validForWords(30, 'sv')).toBe('30 minuter');
    expect(validForWords(1, 'en')).toBe('1 minute');
  });
});
