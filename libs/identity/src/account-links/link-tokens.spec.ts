import { IdentityConfig } from '../identity.config';
import { LinkTokens } from './link-tokens';

const config = (secret: string) => ({ get: () => secret }) as unknown as IdentityConfig;

describe('LinkTokens', () => {
  const tokens = new LinkTokens(config('a-jwt-secret-of-at-least-32-characters!'));

  it('mints a random id whose token only the key re-derives, and stores only the token’s hash', () => {
    const a = tokens.mint();
    const b = tokens.mint();
    expect(a.id).not.toBe(b.id);
    const token = tokens.tokenOf(a.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.hash(token).equals(a.hash)).toBe(true);
    expect(a.hash.toString('hex')).not.toContain(Buffer.from(token).toString('hex'));
    expect(new LinkTokens(config('another-jwt-secret-of-32-characters!!')).tokenOf(a.id)).not.toBe(token);
  });
});
