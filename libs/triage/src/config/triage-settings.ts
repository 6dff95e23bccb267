import { Injectable } from '@nestjs/common';
import { BusinessCalendar, businessCalendarFrom } from '@app/platform';
import { SlaTargets } from '../sla/sla-deadline';
import { TriageConfig } from '../triage.config';

export interface SlaTargetSettings {
  criticalMinutes: number;
  highBusinessMinutes: number;
  normalBusinessDays: number;
  lowBusinessDays: number;
  /** Open minutes in one business day (closing minus opening), e.g. 540 for 08:00-17:00. */
  businessDayMinutes: number;
}

/**
 * First-response targets from configuration. Business days are counted as business minutes of
 * one opening day each, so "1 business day" from Tuesday 10:00 is Wednesday 10:00 whatever the
 * opening hours are, and a request filed at night starts counting at the next opening.
 */
export function slaTargetsFrom(settings: SlaTargetSettings): SlaTargets {
  return {
    critical: { minutes: settings.criticalMinutes, businessHours: false },
    high: { minutes: settings.highBusinessMinutes, businessHours: true },
    normal: { minutes: settings.normalBusinessDays * settings.businessDayMinutes, businessHours: true },
    low: { minutes: settings.lowBusinessDays * settings.businessDayMinutes, businessHours: true },
  };
}

/** Everything triage reads from configuration, parsed once. */
@Injectable()
export class TriageSettings {
  readonly calendar: BusinessCalendar;
  readonly slaTargets: SlaTargets;
  readonly warningFraction: number;
  readonly escalationIntervalMinutes: number;
  readonly autoAssignAfterMinutes: number;
  readonly sweepEverySeconds: number;
  readonly sweepAfterSeconds: number;

  constructor(config: TriageConfig) {
    this.calendar = businessCalendarFrom(config);
    this.slaTargets = slaTargetsFrom({
      criticalMinutes: config.get('SLA_CRITICAL_MINUTES'),
      highBusinessMinutes: config.get('SLA_HIGH_BUSINESS_MINUTES'),
      normalBusinessDays: config.get('SLA_NORMAL_BUSINESS_DAYS'),
      lowBusinessDays: config.get('SLA_LOW_BUSINESS_DAYS'),
      businessDayMinutes: this.calendar.closeMinutes - this.calendar.openMinutes,
    });
    this.warningFraction = config.get('SLA_WARNING_FRACTION');
    this.escalationIntervalMinutes = config.get('SLA_ESCALATION_INTERVAL_MINUTES');
    this.autoAssignAfterMinutes = config.get('AUTO_ASSIGN_CRITICAL_AFTER_MINUTES');
    this.sweepEverySeconds = config.get('TRIAGE_SWEEP_EVERY_SECONDS');
    this.sweepAfterSeconds = config.get('TRIAGE_SWEEP_AFTER_SECONDS');
  }
}
