import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { IdentityConfig } from '../identity.config';

/** The claims of an access token. `sid` is the login (refresh-token family); `tv` the user's token version. */
export interface AccessClaims {
  sub: string;
  sid: string;
  role: string;
  org: string | null;
  tv: number;
}

/**
 * The HS256 key as a KeyObject, made once. Handed a string, jsonwebtoken 9 first tries to parse it
 * as a PEM key (`createPublicKey`/`createPrivateKey`) on every sign and verify, an exception path
 * that cost about 320 µs of CPU per request (bench/performance.md); the key bytes are the same
 * (the secret's UTF-8), so tokens signed either way verify either way.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

export interface IssuedRefreshToken {
  token: string;
  hash: Buffer;
}

/** Mints short-lived HS256 access tokens and opaque refresh tokens (256 random bits, stored hashed). */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;
  readonly accessTtlSeconds: number;
  readonly refreshTtlDays: number;

  constructor(config: IdentityConfig) {
    this.accessTtlSeconds = config.get('JWT_ACCESS_TTL_SECONDS');
    this.refreshTtlDays = config.get('REFRESH_TOKEN_TTL_DAYS');
    this.jwt = new JwtService({
      secret: jwtKey(config.get('JWT_SECRET')),
      signOptions: {
        algorithm: 'HS256',
        issuer: config.get('JWT_ISSUER'),
        audience: config.get('JWT_AUDIENCE'),
        expiresIn: this.accessTtlSeconds,
      },
    });
  }

  signAccess(claims: AccessClaims): string {
    return this.jwt.sign({ ...claims });
  }

  newRefreshToken(): IssuedRefreshToken {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefresh(token) };
  }

  /** Only the hash is stored: a database leak does not hand out usable refresh tokens. */
  hashRefresh(token: string): Buffer {
    return createHash('sha256').update(token, 'utf8').digest();
  }
}
