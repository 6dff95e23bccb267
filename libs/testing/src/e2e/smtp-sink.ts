/**
 * A real SMTP server for the email suites (the `smtp-server` package), on a free port of
 * 127.0.0.1, that keeps what it accepted. A suite can stop and start it (an outage), refuse
 * recipients with a 5xx, and hold the answer to DATA (to kill a worker while it waits for it).
 *
 * A mail counts as received only when the server answered 250 to its data while the client was
 * still connected: a session that ends before that answer delivers nothing (like a server that
 * commits a message only once it has acknowledged it).
 */
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { freePort } from '../free-port';

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  receivedAt: number;
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Every RCPT TO the server was asked, refused ones included. */
  readonly recipientAttempts: string[] = [];
  /** Every data transfer that completed (its answer held or not). */
  dataTransfers = 0;
  /** Called with each mail received (e.g. the browser suite writes them where its tests can read them). */
  onReceived?: (mail: ReceivedMail) => void;
  private readonly refused = new Map<string, number>();
  private readonly closed = new Set<string>();
  private holdData = false;
  private server?: SMTPServer;

  private constructor(readonly port: number) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(await freePort());
    await sink.start();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** `address` gets `code` (e.g. 550) to RCPT TO from now on. */
  refuse(address: string, code: number): void {
    this.refused.set(address.toLowerCase(), code);
  }

  /** From now on the answer to DATA never comes (the client waits until it gives up or dies). */
  holdDataAnswers(hold: boolean): void {
    this.holdData = hold;
  }

  /** Mails received for `address`. */
  mailsTo(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        this.recipientAttempts.push(to);
        const code = this.refused.get(to);
        if (code) {
          const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = code;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.dataTransfers += 1;
          if (this.holdData) return; // never answered: the client's session ends without a 250
          void this.accept(Buffer.concat(chunks).toString('utf8'), session).then(
            () => callback(),
            (error: Error) => callback(error),
          );
        });
      },
      onClose: (session) => {
        this.closed.add(session.id);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    this.server = server;
  }

  /** Stops listening and drops every open session. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async accept(raw: string, session: SMTPServerSession): Promise<void> {
    if (this.closed.has(session.id)) return;
    const parsed = await simpleParser(raw);
    const mail: ReceivedMail = {
      to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      raw,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
      receivedAt: Date.now(),
    };
    this.received.push(mail);
    this.onReceived?.(mail);
  }
}
