import type { APIRequestContext } from '@playwright/test';
import { demoAccount, type Role } from './accounts';

/** An access token for a demo account through the JSON login (no cookie session). */
export async function apiToken(request: APIRequestContext, role: Role): Promise<string> {
  const { email, password } = demoAccount(role);
  const answer = await request.post('/api/v1/auth/login', { data: { email, password } });
  if (!answer.ok()) throw new Error(`login as ${role} failed: ${answer.status()}`);
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

/** Files a (non-urgent) request as the demo requester through the API; answers its id and reference. */
export async function fileRequestViaApi(
  request: APIRequestContext,
  summary = 'En kollega undrar hur man kan stötta en elev som berättar om bråk hemma.',
): Promise<{ id: string; reference: string }> {
  const token = await apiToken(request, 'requester');
  const answer = await request.post('/api/v1/consultations', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      concernTypes: ['domestic_violence'],
      summary,
      riskFactors: { immediateDanger: false, childrenInHousehold: false },
      requestedSupport: ['advice'],
      preferredContact: { channel: 'secure_message' },
    },
  });
  if (answer.status() !== 201) throw new Error(`filing failed: ${answer.status()}`);
  return (await answer.json()) as { id: string; reference: string };
}
