import type { Role } from '../../session/SessionProvider';

/** Every role, in the order the admin screens list them. */
export const ROLES: readonly Role[] = ['requester', 'investigator', 'supervisor', 'admin'];
