import { claimedChallenge } from './claimed-challenge';

describe('claimedChallenge', () => {
  it('reads the challenge from clientDataJSON', () => {
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'abc_-1' })).toString('base64url');
    expect(claimedChallenge(clientData)).toBe('abc_-1');
  });

  it('answers null for clientDataJSON that is not JSON or has no string challenge', () => {
    expect(claimedChallenge('%%%')).toBeNull();
    expect(claimedChallenge(Buffer.from('null').toString('base64url'))).toBeNull();
    expect(claimedChallenge(Buffer.from('{"challenge":5}').toString('base64url'))).toBeNull();
  });
});
