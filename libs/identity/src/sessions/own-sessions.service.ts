import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { Database, NotFoundError } from '@app/platform';
import type { AuthenticatedActor } from '../access/access.decorators';
import { SessionsRepository, SessionSummary } from './sessions.repository';

export interface OwnSession extends SessionSummary {
  /** The login the caller's access token belongs to. */
  current: boolean;
}

/** A user's view of their own logins (api.md "Sessions"): list them, end one. */
@Injectable()
export class OwnSessionsService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async list(actor: AuthenticatedActor): Promise<OwnSession[]> {
    const live = await this.sessions.listLive(actor.id);
    return live.map((session) => ({ ...session, current: session.id === actor.sessionId }));
  }

  /**
   * Ends one of the caller's logins: its access tokens fail on their next request (the guard's
   * lookup) and its refresh token is refused. Someone else's login, an unknown one or one already
   * ended is 404 alike; someone else's is audited as `access.denied` on that login.
   */
  async end(actor: AuthenticatedActor, sessionId: string): Promise<void> {
    const ended = await this.db.transaction(async (tx) => {
      if (await this.sessions.revokeOwn(tx, sessionId, actor.id, 'ended_by_owner')) {
        await this.audit.record(tx, {
          action: 'auth.session_end',
          resourceType: 'session',
          resourceId: sessionId,
          details: { current: sessionId === actor.sessionId },
        });
        return true;
      }
      const owner = await this.sessions.findOwner(tx, sessionId);
      if (owner !== null && owner !== actor.id) {
        await this.audit.record(tx, {
          action: 'access.denied',
          resourceType: 'session',
          resourceId: sessionId,
          outcome: 'denied',
          details: { attempted: 'auth.session_end' },
        });
      }
      return false;
    });
    if (!ended) throw new NotFoundError('Session');
  }
}
