// A real OpenID Provider for the single sign-on tests (oidc-provider, which is ESM-only, so it runs
// in its own process: libs/testing/src/e2e/oidc-provider.ts starts it). Configured by one JSON environment
// variable, OIDC_TEST_PROVIDER:
//   { port, clients: [{ client_id, client_secret, redirect_uris }], persons: { <sub>: person } }
//   person: { email?, email_verified?, name?, amr?: string[], acr?: string,
//             tamper?: 'audience' | 'expired' | 'issuer' | 'signature' }
// Its sign-in page (the interaction) asks only for a person's sub: there are no passwords here.
// A person with `tamper` gets an ID token the provider re-signs with its own key after changing one
// claim (another audience, an expiry an hour ago, another issuer), or signs it with a key it does not
// publish (`signature`): the client must refuse each.
// Prints one line `ready <issuer>` on stdout when it listens.
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import { exportJWK, generateKeyPair, decodeJwt, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
const issuer = `http://127.0.0.1:${settings.port}`;
const persons = settings.persons ?? {};

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: settings.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  // amr is in the openid scope so every ID token carries it (oidc-provider leaves it out unless asked for).
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  // The ID token carries the email (the client reads claims from it, not from userinfo).
  conformIdTokenClaims: false,
  acrValues: ['loa2', 'loa3'],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const person = persons[sub];
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { email, email_verified, name } = person;
        return { sub, email, email_verified, name };
      },
    };
  },
});

// Re-signs the ID token of a person who is set to receive a wrong one.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || !ctx.body?.id_token) return;
  const claims = decodeJwt(ctx.body.id_token);
  const tamper = persons[claims.sub]?.tamper;
  if (!tamper) return;
  const now = Math.floor(Date.now() / 1000);
  if (tamper === 'audience') claims.aud = 'another-client';
  if (tamper === 'issuer') claims.iss = `${issuer}/elsewhere`;
  if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  const key = tamper === 'signature' ? (await generateKeyPair('RS256')).privateKey : privateKey;
  ctx.body = {
    ...ctx.body,
    id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingKey.kid }).sign(key),
  };
});

const page = (uid) => `<!doctype html><html lang="en"><head><title>Test provider</title></head><body>
<main><h1>Test provider</h1>
<form method="post" action="/interaction/${uid}">
<label for="login">Person</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Sign in</button>
</form></main></body></html>`;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** The sign-in page: who signs in decides the ID token's acr and amr; consent is granted at once. */
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(details.uid));
    return;
  }
  const sub = (await readForm(req)).get('login') ?? '';
  const person = persons[sub];
  if (!person) {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown person' });
    return;
  }
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const result = {
    login: { accountId: sub, ...(person.amr ? { amr: person.amr } : {}), ...(person.acr ? { acr: person.acr } : {}) },
    consent: { grantId: await grant.save() },
  };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = createServer((req, res) => {
  if (req.url?.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error?.message ?? error));
    });
    return;
  }
  handle(req, res);
});
server.listen(settings.port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
