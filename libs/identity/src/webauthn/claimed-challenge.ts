/**
 * The challenge a WebAuthn response says the browser signed (clientDataJSON.challenge), or null when
 * unreadable: read before verifying so a refusal can say why (the audit's `reason`). Nothing here is
 * trusted: SimpleWebAuthn verifies the same bytes afterwards.
 */
export function claimedChallenge(clientDataJSON: string): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (parsed as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' ? challenge : null;
  } catch {
    return null;
  }
}
