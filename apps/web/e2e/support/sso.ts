import { demoAccount } from './accounts';

/**
 * Single sign-on in the browser suite: the global setup starts a real OpenID Provider
 * (libs/testing/src/e2e/oidc-test-provider.mjs) with these people and turns single sign-on on in the API.
 */
export const SSO_PROVIDER_NAME = 'Testkommunen';
export const SSO_CLIENT = { client_id: 'consult-intake-web', client_secret: 'web-suite-client-secret-0123456789' };

/** Who can sign in at the test provider (its sign-in page asks for one of these names). */
export const SSO_PERSONS = {
  /** The demo requester, by the email the provider has verified. */
  requester: { email: demoAccount('requester').email, email_verified: true },
  /** Known to the provider, unknown here. */
  stranger: { email: 'stranger@kommun.example', email_verified: true },
};
