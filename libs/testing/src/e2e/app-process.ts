import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** One JSON log line of the process (pino: level 30 info, 40 warn, 50 error). */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/**
 * An app's real entry point (apps/<name>/src/main.ts) in a child process, compiled on the fly by
 * test/support/ts-register.js, with only the environment given here. Its stdout is parsed as
 * pino's JSON lines; everything it wrote is kept for assertions and failure messages.
 */
export class AppProcess {
  readonly lines: LogLine[] = [];
  private output = '';
  private pending = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.take(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(app: 'api' | 'worker', env: Record<string, string>): AppProcess {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'test/support/ts-register.js'), join(ROOT, `apps/${app}/src/main.ts`)],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new AppProcess(child);
  }

  private take(text: string): void {
    this.output += text;
    this.pending += text;
    const parts = this.pending.split('\n');
    this.pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        this.lines.push(JSON.parse(part) as LogLine);
      } catch {
        // not a log line
      }
    }
  }

  /** Everything written to stdout and stderr. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
