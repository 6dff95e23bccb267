import { Injectable } from '@nestjs/common';
import { createHash, createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { IdentityConfig } from '../identity.config';

/** What the HKDF step derives the link key for; a new label gives a new key (every open link then dies). */
const KEY_LABEL = 'consult-intake account links v1';

/**
 * The tokens of one-time links (invitations, password resets). A link's token is the HMAC-SHA256
 * of its row's random id under a key derived from JWT_SECRET, base64url (43 characters): unguessable
 * without the key, and re-derivable by the worker at send time. So no table, outbox row, Bull job
 * or log ever holds a token: `account_links` keeps only its SHA-256 (to find the link it opens),
 * and mail_deliveries only the link's id (docs/accounts.md "Where the token is").
 */
@Injectable()
export class LinkTokens {
  private readonly key: Buffer;

  constructor(config: IdentityConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.get('JWT_SECRET'), Buffer.alloc(0), KEY_LABEL, 32));
  }

  /** A new link: its row id and the hash of its token. */
  mint(): { id: string; hash: Buffer } {
    const id = randomUUID();
    return { id, hash: this.hash(this.tokenOf(id)) };
  }

  /** The token of the link with this id (only ever put into its mail). */
  tokenOf(id: string): string {
    return createHmac('sha256', this.key).update(id, 'utf8').digest('base64url');
  }

  /** How a presented token is looked up: its SHA-256. */
  hash(token: string): Buffer {
    return createHash('sha256').update(token, 'utf8').digest();
  }
}
