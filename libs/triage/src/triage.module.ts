import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TRIAGE_ENTITIES } from './triage.entities';
import { ConsultationsModule } from '@app/consultations';
import { AuditModule } from '@app/audit';
import { UserDirectoryModule } from '@app/identity';
import { MailModule } from '@app/mail';
import { configProvider, PlatformModule } from '@app/platform';
import { AssignmentService } from './assignment/assignment.service';
import { AvailabilityRepository } from './assignment/availability.repository';
import { AvailabilityService } from './assignment/availability.service';
import { TriageSettings } from './config/triage-settings';
import { InvestigatorDirectoryService } from './directory/investigator-directory.service';
import { StaffDirectory } from './directory/staff-directory';
import { EscalationService } from './escalation/escalation.service';
import { SlaEscalationRepository } from './escalation/sla-escalation.repository';
import { NotificationRepository } from './notifications/notification.repository';
import { NotificationsService } from './notifications/notifications.service';
import { SweepService } from './sweep/sweep.service';
import { TriageService } from './triage.service';
import { TriageConfig, triageConfig } from './triage.config';

/**
 * Triage: scoring, deadlines, assignment suggestions, escalation and notifications. Used by the
 * worker (processors) and the API (duty, notifications). Needs the platform, AuditModule, the
 * consultations services, identity's user directory and the mail path.
 */
@Module({
  imports: [
    PlatformModule,
    AuditModule,
    ConsultationsModule,
    UserDirectoryModule,
    MailModule,
    TypeOrmModule.forFeature(TRIAGE_ENTITIES),
  ],
  providers: [
    configProvider(TriageConfig, triageConfig),
    TriageSettings,
    StaffDirectory,
    InvestigatorDirectoryService,
    AvailabilityRepository,
    AvailabilityService,
    AssignmentService,
    NotificationRepository,
    NotificationsService,
    SlaEscalationRepository,
    EscalationService,
    TriageService,
    SweepService,
  ],
  exports: [
    TriageConfig,
    TriageSettings,
    AvailabilityService,
    InvestigatorDirectoryService,
    AssignmentService,
    NotificationsService,
    EscalationService,
    TriageService,
    SweepService,
  ],
})
export class TriageModule {}
