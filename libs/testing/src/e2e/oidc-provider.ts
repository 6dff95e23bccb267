import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../free-port';

/** A person the test provider can sign in (libs/testing/src/e2e/oidc-test-provider.mjs). */
export interface TestPerson {
  email?: string;
  email_verified?: boolean;
  name?: string;
  amr?: string[];
  acr?: string;
  /** The provider re-signs this person's ID token after changing one claim, or signs it with a key it does not publish. */
  tamper?: 'audience' | 'expired' | 'issuer' | 'signature';
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/** Cookies of one browser at the provider (its sign-in remembers the interaction by cookie). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * A real OpenID Provider (oidc-provider) in a child process on a free port, for the single sign-on
 * tests: `start` waits until it listens; `signIn` is a browser at it (fetch, following its redirects
 * and posting its sign-in form) and returns where the provider sends the browser back.
 */
export class TestOpenIdProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static async start(clients: TestClient[], persons: Record<string, TestPerson>): Promise<TestOpenIdProvider> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(__dirname, 'oidc-test-provider.mjs')], {
      env: { PATH: process.env.PATH ?? '', OIDC_TEST_PROVIDER: JSON.stringify({ port, clients, persons }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const issuer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the test provider did not start: ${output}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const issuer = /^ready (\S+)$/m.exec(output)?.[1];
        if (issuer) {
          clearTimeout(timer);
          resolve(issuer);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`the test provider exited (${code}): ${output}`)));
    });
    return new TestOpenIdProvider(child, issuer);
  }

  /**
   * Follows `authorizationUrl` through the provider's sign-in as `person` and returns the URL the
   * provider redirects the browser to at the end (the client's callback, with code and state, or an error).
   */
  async signIn(authorizationUrl: string, person: string): Promise<URL> {
    const jar = new CookieJar();
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 10; hop++) {
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      });
      jar.take(response);
      body = undefined;
      const location = response.headers.get('location');
      if (location) {
        const next = new URL(location, url);
        if (next.origin !== new URL(this.issuer).origin) return next;
        url = next;
        continue;
      }
      const page = await response.text();
      if (!page.includes('name="login"')) throw new Error(`unexpected provider page ${response.status}: ${page.slice(0, 300)}`);
      body = new URLSearchParams({ login: person });
    }
    throw new Error('the provider did not send the browser back');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
