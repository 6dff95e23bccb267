/**
 * Second-factor helpers for end-to-end suites (test/mfa-*.e2e-spec.ts): codes computed with otplib
 * like an authenticator app, and a staff account enrolled through the real login routes.
 */
import { Role } from '@app/identity';
import { FieldCipher } from '@app/platform';
import { randomBytes } from 'node:crypto';
import { generateSecret, generateSync } from 'otplib';
import { type Account, createAccount, type LoginAnswer } from './actors';
import type { E2eContext } from './e2e-context.types';

/** The code an authenticator app shows `steps` time steps (30 s each) from now. */
export function totpCode(secret: string, steps = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
  login: LoginAnswer;
}

export const passwordStep = (ctx: E2eContext, account: Account) =>
  ctx.http.post('/api/v1/auth/login').send({ email: account.email, password: account.password });

/** Logs in an account that has no factor yet and must enrol: enrol, confirm with the current code. */
export async function enrolAtLogin(ctx: E2eContext, account: Account): Promise<Enrolled> {
  const first = await passwordStep(ctx, account).expect(200);
  if (!first.body.mfaEnrollmentRequired) throw new Error(`login of ${account.email} asked no enrolment: ${JSON.stringify(first.body)}`);
  const { mfaToken } = first.body as { mfaToken: string };
  const enrolment = await ctx.http.post('/api/v1/auth/mfa/totp/enroll').send({ mfaToken }).expect(200);
  const secret = enrolment.body.secret as string;
  const confirmed = await ctx.http.post('/api/v1/auth/mfa/totp/confirm').send({ mfaToken, code: totpCode(secret) }).expect(200);
  const { recoveryCodes, ...login } = confirmed.body as { recoveryCodes: string[] } & LoginAnswer;
  return { secret, recoveryCodes, login };
}

/** The `mfaToken` of a password login of an account that has a factor. */
export async function mfaTokenOf(ctx: E2eContext, account: Account): Promise<string> {
  const res = await passwordStep(ctx, account).expect(200);
  if (!res.body.mfaRequired) throw new Error(`login of ${account.email} asked no second factor: ${JSON.stringify(res.body)}`);
  return res.body.mfaToken as string;
}

/** Forgets the time step last used, so a test can log the same user in again within one 30-second step. */
export async function forgetLastStep(ctx: E2eContext, userId: string): Promise<void> {
  await ctx.db.query(`UPDATE mfa_totp SET last_used_step = NULL WHERE user_id = $1`, [userId]);
}

/**
 * A second step open for a new investigator, made with SQL (whatever MFA_REQUIRED_ROLES says):
 * `verify` gives the account a confirmed app and one recovery code, `enroll` a pending app.
 */
export async function openSecondStep(ctx: E2eContext, purpose: 'verify' | 'enroll'): Promise<{ mfaToken: string; secret: string; recoveryCode: string }> {
  const account = await createAccount(ctx, Role.Investigator);
  const secret = generateSecret({ length: 20 });
  const sealed = ctx.app.get(FieldCipher).encrypt(secret, { table: 'mfa_totp', column: 'secret', rowId: account.id });
  await ctx.db.query(`INSERT INTO mfa_totp (user_id, secret, confirmed_at) VALUES ($1, $2, $3)`, [
    account.id,
    sealed,
    purpose === 'verify' ? new Date() : null,
  ]);
  const recoveryCode = 'TEST-CODE-2345-6789';
  await ctx.db.query(`INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($1, sha256($2::bytea))`, [account.id, recoveryCode.replace(/-/g, '')]);
  const mfaToken = randomBytes(32).toString('base64url');
  await ctx.db.query(
    `INSERT INTO mfa_challenges (token_hash, user_id, purpose, first_factor, token_version, expires_at)
     SELECT sha256($1::bytea), id, $2, 'password', token_version, now() + interval '5 minutes' FROM users WHERE id = $3`,
    [mfaToken, purpose, account.id],
  );
  return { mfaToken, secret, recoveryCode };
}
