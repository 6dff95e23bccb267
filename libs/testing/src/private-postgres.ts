import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries installed (Debian: /usr/lib/postgresql/<major>/bin). */
function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(root, newest, 'bin');
}

/**
 * A PostgreSQL cluster owned by one test: initdb into a temporary directory, on a free port,
 * trust auth on 127.0.0.1, stopped and started by the test to simulate an outage (the shared
 * server is never touched). initdb refuses to run as root, so as root it runs as `postgres`.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'ci-pg-'));
    const pg = new PrivatePostgres(dir, await freePort());
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      chownSync(dir, id('-u'), id('-g'));
    }
    await pg.asOwner(join(serverBin(), 'initdb'), [
      '-D',
      pg.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    return pg;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The maintenance database's URL as the superuser; `database` and `user` pick others. */
  url(database = 'postgres', user = 'postgres', password?: string): string {
    const auth = password ? `${user}:${encodeURIComponent(password)}` : user;
    return `postgres://${auth}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await this.asOwner(join(serverBin(), 'pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`,
      '-w',
      'start',
    ]);
  }

  /** Stops at once (`-m immediate`: like a crash, open connections are cut). */
  async stop(): Promise<void> {
    await this.asOwner(join(serverBin(), 'pg_ctl'), [
      '-D',
      this.dataDir,
      '-m',
      'immediate',
      '-w',
      'stop',
    ]).catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async asOwner(file: string, args: string[]): Promise<void> {
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
    else await run(file, args);
  }
}
