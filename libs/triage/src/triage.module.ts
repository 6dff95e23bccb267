import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TRIAGE_ENTITIES } from './triage.entities';
import { ConsultationsModule } from '@app/consultations';
import { AuditModule } from '@app/audit';
import { NotificationsModule } from '@app/notifications';
import { configProvider, PlatformModule } from '@app/platform';
import { StaffingModule } from '@app/staffing';
import { AssignmentService } from './assignment/assignment.service';
import { TriageSettings } from './config/triage-settings';
import { EscalationService } from './escalation/escalation.service';
import { SlaEscalationRepository } from './escalation/sla-escalation.repository';
import { SweepService } from './sweep/sweep.service';
import { TriageService } from './triage.service';
import { TriageConfig, triageConfig } from './triage.config';

/**
 * Triage: scoring, deadlines, assignment suggestions and escalation. Used by the worker
 * (processors). Needs the platform, AuditModule, the consultations services, staffing (duty, the
 * staff directory) and notifications.
 */
@Module({
  imports: [
    PlatformModule,
    AuditModule,
    ConsultationsModule,
    StaffingModule,
    NotificationsModule,
    TypeOrmModule.forFeature(TRIAGE_ENTITIES),
  ],
  providers: [
    configProvider(TriageConfig, triageConfig),
    TriageSettings,
    AssignmentService,
    SlaEscalationRepository,
    EscalationService,
    TriageService,
    SweepService,
  ],
  exports: [
    TriageConfig,
    TriageSettings,
    AssignmentService,
    EscalationService,
    TriageService,
    SweepService,
  ],
})
export class TriageModule {}
