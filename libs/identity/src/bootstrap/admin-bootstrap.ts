import { Database } from '@app/platform';
import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_AUDIT_ACTOR } from '@app/platform';
import { Role } from '../access/role';
import { UsersRepository } from '../accounts/users.repository';
import { UsersService } from '../accounts/users.service';
import { IdentityConfig } from '../identity.config';

/**
 * Creates the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no active admin exists.
 * Replicas starting together take a transaction advisory lock in turn (held while the first one
 * creates the admin in its own transaction); the later ones find the admin and do nothing. Logs what it did, never the password.
 */
@Injectable()
export class AdminBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: IdentityConfig,
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
  ) {}

  async ensureAdmin(): Promise<'created' | 'exists' | 'not_configured' | 'email_taken'> {
    const email = this.config.get('BOOTSTRAP_ADMIN_EMAIL');
    const password = this.config.get('BOOTSTRAP_ADMIN_PASSWORD');
    if (!email || !password) return 'not_configured';
    if (await this.users.existsActiveAdmin(this.db)) return 'exists';
    return this.db.transaction(async (tx) => {
      await this.users.lockAdminBootstrap(tx);
      if (await this.users.existsActiveAdmin(tx)) return 'exists';
      try {
        await this.usersService.create(
          { email, password, role: Role.Admin, displayName: 'Administrator' },
          { ...SYSTEM_AUDIT_ACTOR, bootstrap: true },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'conflict') {
          this.logger.warn(
            `No active admin exists and BOOTSTRAP_ADMIN_EMAIL ${email} belongs to another account; nothing created`,
          );
          return 'email_taken';
        }
        throw error;
      }
      this.logger.log(`Created bootstrap admin ${email} (no active admin existed)`);
      return 'created';
    });
  }
}
