import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from './test';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Every mail the suite's SMTP server received so far, oldest first (global-setup.ts writes them). */
function received(): Mail[] {
  const dir = process.env.WEB_E2E_MAIL_DIR;
  if (!dir)
    throw new Error('WEB_E2E_MAIL_DIR is not set: run through playwright.config.ts (npm run test:web)');
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Mail);
}

/** Waits for the newest mail to `address` and answers it. */
export async function mailTo(address: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () =>
        (found = received()
          .filter((m) => m.to.includes(address.toLowerCase()))
          .at(-1)),
      {
        timeout: 30_000,
        message: `a mail to ${address}`,
      },
    )
    .toBeTruthy();
  return found as Mail;
}

/** The first link in a mail's text. */
export function linkIn(mail: Mail): string {
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in the mail: ${mail.text}`);
  return link;
}
