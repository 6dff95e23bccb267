export * from './staffing.module';
export * from './availability/availability.service';
export * from './directory/staff-directory';
export * from './directory/investigator-directory.service';
export { STAFFING_ENTITIES } from './staffing.entities';
