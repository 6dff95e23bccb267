export enum Role {
  Requester = 'requester',
  Investigator = 'investigator',
  Supervisor = 'supervisor',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);
