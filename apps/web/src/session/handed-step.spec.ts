import { handedStep } from './handed-step';

describe('handedStep (the second step single sign-on hands to the login page)', () => {
  const token = 'a'.repeat(43);

  it('reads a verify step with the methods it knows', () => {
    expect(handedStep(`#step=verify&mfaToken=${token}&methods=totp,recovery_code,carrier_pigeon`)).toEqual({
      kind: 'verify',
      mfaToken: token,
      methods: ['totp', 'recovery_code'],
    });
  });

  it('reads an enrolment step', () => {
    expect(handedStep(`#step=enrol&mfaToken=${token}`)).toEqual({ kind: 'enrol', mfaToken: token });
  });

  it('is null without a token, for an unknown step, or for a verify step without a method', () => {
    expect(handedStep('')).toBeNull();
    expect(handedStep('#step=verify&methods=totp')).toBeNull();
    expect(handedStep(`#step=other&mfaToken=${token}&methods=totp`)).toBeNull();
    expect(handedStep(`#step=verify&mfaToken=${token}&methods=`)).toBeNull();
  });
});
