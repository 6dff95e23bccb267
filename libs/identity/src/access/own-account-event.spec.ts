import { accountActor, ownAccountEvent } from './own-account-event';

describe('ownAccountEvent', () => {
  it('names the account as both the resource and the actor', () => {
    expect(ownAccountEvent({ id: 'u1', role: 'investigator' }, 'auth.oidc_linked', { issuer: 'x' })).toEqual({
      action: 'auth.oidc_linked',
      resourceType: 'user',
      resourceId: 'u1',
      actorId: 'u1',
      actorRole: 'investigator',
      details: { issuer: 'x' },
    });
  });

  it('records an account with no role yet as none, and leaves details out when there are none', () => {
    expect(accountActor({ id: 'u2', role: null })).toEqual({ actorId: 'u2', actorRole: 'none' });
    expect(ownAccountEvent({ id: 'u2', role: null }, 'auth.invitation_accepted')).not.toHaveProperty(
      'details',
    );
  });
});
