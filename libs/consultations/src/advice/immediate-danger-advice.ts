import { Injectable } from '@nestjs/common';
import { ConsultationsConfig } from '../consultations.config';

export interface ReferralResource {
  name: string;
  phone?: string;
  url?: string;
  description?: string;
}

/** What a requester is told when a request says someone is in immediate danger. */
export interface ImmediateDangerAdvice {
  message: string;
  emergencyNumber: string;
  resources: ReferralResource[];
}

/**
 * The advice and referral directory come from configuration (EMERGENCY_NUMBER,
 * IMMEDIATE_DANGER_ADVICE, REFERRAL_RESOURCES; validated at boot), so the municipality can change
 * them without a release. Built once; handed out as copies.
 */
@Injectable()
export class ImmediateDangerAdviceProvider {
  private readonly advice: ImmediateDangerAdvice;

  constructor(config: ConsultationsConfig) {
    const emergencyNumber = config.get('EMERGENCY_NUMBER');
    this.advice = {
      message: config.get('IMMEDIATE_DANGER_ADVICE').split('{emergencyNumber}').join(emergencyNumber),
      emergencyNumber,
      resources: JSON.parse(config.get('REFERRAL_RESOURCES')) as ReferralResource[],
    };
  }

  get(): ImmediateDangerAdvice {
    return { ...this.advice, resources: this.advice.resources.map((resource) => ({ ...resource })) };
  }
}
