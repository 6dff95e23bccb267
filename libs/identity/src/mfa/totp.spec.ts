import { matchTotp, newTotpSecret, totpUri } from './totp';

/** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it("accepts RFC 6238's test vectors (the last 6 of their 8 digits) for their time step", () => {
    expect(matchTotp(RFC_SECRET, '287082', null, 59)).toBe(1);
    expect(matchTotp(RFC_SECRET, '081804', null, 1111111109)).toBe(37037036);
    expect(matchTotp(RFC_SECRET, '050471', null, 1111111111)).toBe(37037037);
    expect(matchTotp(RFC_SECRET, '005924', null, 1234567890)).toBe(41152263);
  });

  it('accepts one step of drift either side, not two', () => {
    const at = 1234567890; // step 41152263, whose code is 005924
    expect(matchTotp(RFC_SECRET, '005924', null, at + 30)).toBe(41152263);
    expect(matchTotp(RFC_SECRET, '005924', null, at - 30)).toBe(41152263);
    expect(matchTotp(RFC_SECRET, '005924', null, at + 60)).toBeNull();
    expect(matchTotp(RFC_SECRET, '005924', null, at - 60)).toBeNull();
  });

  it('refuses a code for the step already used, or an earlier one (a replay)', () => {
    expect(matchTotp(RFC_SECRET, '005924', 41152263, 1234567890)).toBeNull();
    expect(matchTotp(RFC_SECRET, '005924', 41152264, 1234567890)).toBeNull();
    expect(matchTotp(RFC_SECRET, '005924', 41152262, 1234567890)).toBe(41152263);
  });

  it('refuses a wrong or malformed code without throwing', () => {
    for (const code of ['005925', '', '00592', '0059244', 'abcdef', ' 005924', '００５９２４'])
      expect(matchTotp(RFC_SECRET, code, null, 1234567890)).toBeNull();
    expect(matchTotp('not base32!', '005924', null, 1234567890)).toBeNull();
  });

  it('makes 160-bit base32 secrets and an otpauth URI with the parameters apps need', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'anna@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/consult-intake:anna@example.org');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret,
      issuer: 'consult-intake',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
