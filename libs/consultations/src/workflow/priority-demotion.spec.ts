import { Priority } from '../consultation/consultation.types';
import { DemotionRule, demotionNeedsSupervisor } from './priority-demotion';

const ME = 'me';
const OTHER = 'other';

describe('demotionNeedsSupervisor', () => {
  it.each<[string, Priority | null, string | null, boolean, Priority, DemotionRule | null]>([
    // what, current priority, holder, immediate danger, to, needs a supervisor because
    ['lowering a request nobody holds', 'high', null, false, 'low', null],
    ['lowering a request the caller holds', 'high', ME, false, 'normal', null],
    ['lowering a request someone else holds', 'high', OTHER, false, 'low', 'held_by_another'],
    [
      'lowering critical to normal, held by someone else',
      'critical',
      OTHER,
      false,
      'normal',
      'held_by_another',
    ],
    ['raising a request someone else holds', 'normal', OTHER, false, 'high', null],
    ['keeping the priority of a request someone else holds', 'high', OTHER, false, 'high', null],
    ['an untriaged request someone else holds (nothing to lower from)', null, OTHER, false, 'low', null],
    [
      'immediate danger below critical, nobody holds it',
      'critical',
      null,
      true,
      'high',
      'immediate_danger_below_critical',
    ],
    [
      'immediate danger below critical, the caller holds it',
      'critical',
      ME,
      true,
      'low',
      'immediate_danger_below_critical',
    ],
    [
      'immediate danger below critical, someone else holds it',
      'critical',
      OTHER,
      true,
      'normal',
      'immediate_danger_below_critical',
    ],
    [
      'immediate danger, untriaged, set below critical',
      null,
      null,
      true,
      'high',
      'immediate_danger_below_critical',
    ],
    ['immediate danger kept critical, someone else holds it', 'critical', OTHER, true, 'critical', null],
    ['immediate danger raised back to critical', 'high', null, true, 'critical', null],
  ])('%s', (_, priority, assigneeId, immediateDanger, to, expected) => {
    expect(demotionNeedsSupervisor({ priority, assigneeId, immediateDanger }, to, ME)).toBe(expected);
  });
});
