/** The demo accounts `npm run seed:demo` creates (libs/identity/src/bootstrap/demo-seed.ts). */
export const ROLES = ['requester', 'investigator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function demoAccount(role: Role): { email: string; password: string; displayName: string } {
  return {
    email: `${role}@demo.consult-intake.test`,
    password: `demo-${role}-password`,
    displayName: `Demo ${role}`,
  };
}
