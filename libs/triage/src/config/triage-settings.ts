import { Injectable } from '@nestjs/common';
import { BusinessCalendar } from '../sla/business-calendar';
import { SlaTargets } from '../sla/sla-deadline';
import { TriageConfig } from '../triage.config';

/** `HH:MM` (00:00..24:00) as minutes after local midnight. */
export function clockToMinutes(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!match) throw new RangeError(`Invalid clock time: ${clock}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`Invalid clock time: ${clock}`);
  return minutes;
}

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
  readonly queueStatsTimeoutMs: number;
  readonly redisPrefix: string;

  constructor(config: TriageConfig) {
    const openMinutes = clockToMinutes(config.get('BUSINESS_HOURS_OPEN'));
    const closeMinutes = clockToMinutes(config.get('BUSINESS_HOURS_CLOSE'));
    this.calendar = new BusinessCalendar({
      timeZone: config.get('BUSINESS_HOURS_TIME_ZONE'),
      workdays: config.get('BUSINESS_DAYS').split(',').map(Number),
      openMinutes,
      closeMinutes,
    });
    this.slaTargets = slaTargetsFrom({
      criticalMinutes: config.get('SLA_CRITICAL_MINUTES'),
      highBusinessMinutes: config.get('SLA_HIGH_BUSINESS_MINUTES'),
      normalBusinessDays: config.get('SLA_NORMAL_BUSINESS_DAYS'),
      lowBusinessDays: config.get('SLA_LOW_BUSINESS_DAYS'),
      businessDayMinutes: closeMinutes - openMinutes,
    });
    this.warningFraction = config.get('SLA_WARNING_FRACTION');
    this.escalationIntervalMinutes = config.get('SLA_ESCALATION_INTERVAL_MINUTES');
    this.autoAssignAfterMinutes = config.get('AUTO_ASSIGN_CRITICAL_AFTER_MINUTES');
    this.sweepEverySeconds = config.get('TRIAGE_SWEEP_EVERY_SECONDS');
    this.sweepAfterSeconds = config.get('TRIAGE_SWEEP_AFTER_SECONDS');
    this.queueStatsTimeoutMs = config.get('QUEUE_STATS_TIMEOUT_MS');
    this.redisPrefix = config.get('REDIS_PREFIX');
  }
}
