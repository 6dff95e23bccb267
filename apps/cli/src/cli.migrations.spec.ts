import { ALL_MIGRATIONS } from '@app/testing';
import { CLI_MIGRATIONS } from './cli.migrations';

const names = (list: readonly (new () => { name?: string })[]) =>
  list.map((migration) => new migration().name ?? migration.name);

describe('the migrations npm run migrate applies', () => {
  it('are the tests\' migrations, in the same order', () => {
    expect(names(CLI_MIGRATIONS)).toEqual(names(ALL_MIGRATIONS));
  });

  it('keep the names and the order databases recorded them in, whichever lib owns each file', () => {
    const recorded = names(CLI_MIGRATIONS);
    expect(recorded.slice(0, 10)).toEqual([
      'PlatformFoundation1764300000000',
      'AuditTrail1764300000100',
      'Identity1764300000200',
      'Consultations1764300000300',
      'Triage1764300000400',
      'AuditReview1764300000500',
      'TriageRescoring1764300000600',
      'OutboxNotify1764300000700',
      'AppLoginRole1764300000850',
      'IdentityHardening1764300000930',
    ]);
    expect([...recorded].sort((a, b) => Number(a.slice(-13)) - Number(b.slice(-13)))).toEqual(recorded);
  });
});
