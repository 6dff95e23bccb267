import { Injectable } from '@nestjs/common';
import { ConsultationRepository, QueueStatistics } from '../consultation/consultation.repository';

/** Figures about the requests as a whole, without case text, for oversight (libs/oversight). */
@Injectable()
export class ConsultationStatisticsService {
  constructor(private readonly consultations: ConsultationRepository) {}

  /** Counts and claim times for the supervisors' queue view (the caller checks access). */
  queueStatistics(period: { from: Date; to: Date }): Promise<QueueStatistics> {
    return this.consultations.queueStatistics(period);
  }
}
