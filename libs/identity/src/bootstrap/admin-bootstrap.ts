import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_AUDIT_ACTOR } from '@app/platform';
import { DataSource } from 'typeorm';
import { Role } from '../access/role';
import { UsersRepository } from '../accounts/users.repository';
import { UsersService } from '../accounts/users.service';
import { IdentityConfig } from '../identity.config';

/** Arbitrary constant: serializes bootstrap across API replicas starting at once. */
const BOOTSTRAP_LOCK_KEY = 727_100_003;

/**
 * Creates the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no active admin exists.
 * Replicas starting together take a session advisory lock in turn; the later ones find the admin
 * and do nothing. Logs what it did, never the password.
 */
@Injectable()
export class AdminBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: IdentityConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
  ) {}

  async ensureAdmin(): Promise<'created' | 'exists' | 'not_configured' | 'email_taken'> {
    const email = this.config.get('BOOTSTRAP_ADMIN_EMAIL');
    const password = this.config.get('BOOTSTRAP_ADMIN_PASSWORD');
    if (!email || !password) return 'not_configured';
    if (await this.users.existsActiveAdmin()) return 'exists';
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      if (await this.users.existsActiveAdmin(runner.manager)) return 'exists';
      try {
        await this.usersService.create(
          { email, password, role: Role.Admin, displayName: 'Administrator' },
          { ...SYSTEM_AUDIT_ACTOR, bootstrap: true },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'conflict') {
          this.logger.warn(`No active admin exists and BOOTSTRAP_ADMIN_EMAIL ${email} belongs to another account; nothing created`);
          return 'email_taken';
        }
        throw error;
      }
      this.logger.log(`Created bootstrap admin ${email} (no active admin existed)`);
      return 'created';
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK_KEY]).catch(() => undefined);
      await runner.release();
    }
  }
}
