import { slaTargetsFrom } from './triage-settings';
import { DEFAULT_SLA_TARGETS } from '../sla/sla-deadline';

describe('triage settings', () => {
  it('gives the documented defaults for 08:00-17:00', () => {
    expect(
      slaTargetsFrom({
        criticalMinutes: 60,
        highBusinessMinutes: 240,
        normalBusinessDays: 1,
        lowBusinessDays: 3,
        businessDayMinutes: 540,
      }),
    ).toEqual(DEFAULT_SLA_TARGETS);
  });

  it('derives business-day targets from the opening hours', () => {
    const targets = slaTargetsFrom({
      criticalMinutes: 30,
      highBusinessMinutes: 120,
      normalBusinessDays: 2,
      lowBusinessDays: 5,
      businessDayMinutes: 8 * 60, // 08:00-16:00
    });
    expect(targets.critical).toEqual({ minutes: 30, businessHours: false });
    expect(targets.normal).toEqual({ minutes: 960, businessHours: true });
    expect(targets.low).toEqual({ minutes: 2400, businessHours: true });
  });
});
