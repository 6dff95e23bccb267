/** Helpers for the invitation and password-reset suites: the mails of account links and their tokens. */
import type { E2eContext } from './e2e-context.types';
import type { ReceivedMail, SmtpSink } from './smtp-sink';
import { waitFor } from './triage-support';

/** Waits for the `nth` (1-based) mail to `address` at the sink. */
export function mailTo(sink: SmtpSink, address: string, nth = 1, timeoutMs = 30_000): Promise<ReceivedMail> {
  return waitFor(
    async () => sink.received.filter((m) => m.to.includes(address.toLowerCase()))[nth - 1],
    timeoutMs,
    `mail ${nth} to ${address}`,
    50,
  );
}

/** How many mails reached `address`. */
export const mailCount = (sink: SmtpSink, address: string) =>
  sink.received.filter((m) => m.to.includes(address.toLowerCase())).length;

/** The link in a mail's text (to `path` under the web app) and its token from the fragment. */
export function linkIn(mail: ReceivedMail, web: string, path: string): { link: string; token: string } {
  const escaped = `${web}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`(${escaped}#token=([A-Za-z0-9_-]{43}))(?:\\s|$)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail: ${mail.text}`);
  return { link: match[1], token: match[2] };
}

/** Every place a token must never be: every table's rows as text (audit, outbox, deliveries, links, users). */
export async function storedAnywhere(ctx: E2eContext, token: string): Promise<string[]> {
  const tables = ['audit_events', 'outbox', 'mail_deliveries', 'account_links', 'users', 'notifications'];
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM ${table} t WHERE t::text LIKE '%' || $1 || '%'`,
      [token],
    );
    if (rows[0].n > 0) found.push(table);
  }
  return found;
}
