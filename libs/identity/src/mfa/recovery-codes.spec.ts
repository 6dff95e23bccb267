import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('are ten distinct codes of four groups of four unambiguous characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
  });

  it('hash alike however they are typed (case, spaces, hyphens), and differ from each other', () => {
    const [code, other] = newRecoveryCodes();
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    expect(normalizeRecoveryCode(typed)).toBe(code.replace(/-/g, ''));
    expect(hashRecoveryCode(typed).equals(hashRecoveryCode(code))).toBe(true);
    expect(hashRecoveryCode(other).equals(hashRecoveryCode(code))).toBe(false);
    expect(hashRecoveryCode(code)).toHaveLength(32);
  });
});
