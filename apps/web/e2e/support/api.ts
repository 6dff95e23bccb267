import { type APIRequestContext, expect } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { demoAccount, type Role } from './accounts';

/**
 * Test setup through the real API (JSON token flow, no cookie): a demo account's token and id,
 * and a request filed by the demo requester.
 */
export async function apiLogin(
  request: APIRequestContext,
  role: Role,
): Promise<{ token: string; userId: string }> {
  const { email, password } = demoAccount(role);
  const answer = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(answer.status(), `login as ${role}`).toBe(200);
  const body = (await answer.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Letters only, so the de-identification check never mistakes it for a number or a name. */
export function marker(): string {
  return Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

export interface Filed {
  id: string;
  reference: string;
  summary: string;
}

/** The demo requester files a request; `critical` ticks "someone is in immediate danger". */
export async function fileRequest(request: APIRequestContext, critical: boolean): Promise<Filed> {
  const { token } = await apiLogin(request, 'requester');
  const summary = `Eleven berättar om hot och slag i hemmet, kännetecken ${marker()}.`;
  const answer = await request.post('/api/v1/consultations', {
    headers: bearer(token),
    data: {
      concernTypes: ['domestic_violence'],
      summary,
      riskFactors: { immediateDanger: critical, childrenInHousehold: true },
      requestedSupport: ['advice'],
      preferredContact: { channel: 'secure_message' },
    },
  });
  expect(answer.status(), 'file a request').toBe(201);
  const body = (await answer.json()) as { id: string; reference: string };
  return { id: body.id, reference: body.reference, summary };
}
