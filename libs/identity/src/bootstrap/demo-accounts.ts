import { Role, ROLES } from '../access/role';

/** The demo accounts' well-known credentials (one per role): seeded by `npm run seed:demo`, shown by `npm run local`'s banner. */
export function demoCredentials(): { role: Role; email: string; password: string }[] {
  return ROLES.map((role) => ({
    role,
    email: `${role}@demo.consult-intake.test`,
    password: `demo-${role}-password`,
  }));
}
