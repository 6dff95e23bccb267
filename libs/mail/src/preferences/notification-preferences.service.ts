import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { AuthenticatedActor, Locale, Permission, requirePermission, UserDirectory } from '@app/identity';
import { Database, NotFoundError } from '@app/platform';
import { EmailPreferences } from './email-preferences';
import { NotificationPreferencesRepository } from './notification-preferences.repository';

export interface NotificationPreferencesView {
  email: EmailPreferences;
  /** The language of the user's mails. */
  locale: Locale;
}

export interface NotificationPreferencesChange {
  email: EmailPreferences;
  locale?: Locale;
}

/** A user's own choice of which events reach them by email, and in which language. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly db: Database,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly users: UserDirectory,
    private readonly audit: AuditRecorder,
  ) {}

  async getOwn(actor: AuthenticatedActor): Promise<NotificationPreferencesView> {
    this.requireUser(actor);
    const [email, locale] = await Promise.all([
      this.preferences.find(this.db, actor.id),
      this.users.findLocale(this.db, actor.id),
    ]);
    if (locale === null) throw new NotFoundError('User');
    return { email, locale };
  }

  /** Replaces the caller's preferences (and language, when given); audited with the new values. */
  async updateOwn(
    actor: AuthenticatedActor,
    change: NotificationPreferencesChange,
  ): Promise<NotificationPreferencesView> {
    this.requireUser(actor);
    return this.db.transaction(async (tx) => {
      await this.preferences.save(tx, actor.id, change.email);
      if (change.locale !== undefined && !(await this.users.setLocale(tx, actor.id, change.locale))) {
        throw new NotFoundError('User');
      }
      const locale = change.locale ?? (await this.users.findLocale(tx, actor.id));
      if (locale === null) throw new NotFoundError('User');
      await this.audit.record(tx, {
        action: 'notification_preferences.update',
        resourceType: 'user',
        resourceId: actor.id,
        actorId: actor.id,
        actorRole: actor.role,
        details: { email: { ...change.email }, locale },
      });
      return { email: { ...change.email }, locale };
    });
  }

  private requireUser(actor: AuthenticatedActor): void {
    requirePermission(actor, Permission.NotificationRead);
  }
}
