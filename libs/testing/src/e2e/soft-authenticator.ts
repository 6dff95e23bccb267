/**
 * A small software authenticator for end-to-end tests of the passkey routes: a real ES256 key pair
 * (node:crypto), `none` attestation, real signatures, a signature counter the test can steer.
 *
 *   const device = new SoftAuthenticator('http://127.0.0.1');
 *   const options = (await actor.auth(http.post('/api/v1/auth/webauthn/registration/options'))).body;
 *   const response = device.register(options);                 // RegistrationResponseJSON
 *   const assertion = device.authenticate(requestOptions);     // AuthenticationResponseJSON
 *
 * Tampering: `register(options, { challenge, origin, sameCredential })`, `authenticate(options, { challenge,
 * signWith: otherKey, counter, credentialId })`. It encodes only the CBOR it needs (maps with
 * integer or text keys, byte and text strings, integers).
 */
import { createHash, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

type Cbor = number | string | Buffer | Map<number | string, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [key, item] of value) parts.push(cbor(key), cbor(item));
  return Buffer.concat(parts);
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  counter: number;
}

export interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

export interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(
    private readonly origin: string,
    private readonly options: { userVerified?: boolean } = {},
  ) {}

  /** The id (base64url) of the newest credential. */
  get credentialId(): string {
    return b64url(this.credentials[this.credentials.length - 1].id);
  }

  /** Makes a new ES256 credential for the options and answers as `startRegistration()` would. */
  register(options: CreationOptions, tamper: { challenge?: string; origin?: string; sameCredential?: boolean } = {}) {
    let credential = this.credentials[this.credentials.length - 1];
    if (!tamper.sameCredential) {
      credential = { id: randomBytes(32), privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, counter: 0 };
      this.credentials.push(credential);
    }
    const jwk = createPublicKey(credential.privateKey).export({ format: 'jwk' });
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x as string, 'base64url')],
        [-3, Buffer.from(jwk.y as string, 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      this.authDataHead(options.rp.id as string, FLAG_AT, credential.counter),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credential.id,
      coseKey,
    ]);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.clientData('webauthn.create', tamper.challenge ?? options.challenge, tamper.origin);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /**
   * Signs an assertion with the newest credential (or `credentialId`'s), counter + 1 unless
   * `counter` is given; `signWith` signs with another key, as a forger would.
   */
  authenticate(
    options: RequestOptions,
    tamper: { challenge?: string; counter?: number; signWith?: KeyObject; credentialId?: string; origin?: string } = {},
  ) {
    const wanted = tamper.credentialId ?? this.credentialId;
    const credential = this.credentials.find((c) => b64url(c.id) === wanted);
    const id = credential?.id ?? Buffer.from(wanted, 'base64url');
    if (credential) credential.counter = tamper.counter ?? credential.counter + 1;
    const authData = this.authDataHead(options.rpId as string, 0, tamper.counter ?? credential?.counter ?? 1);
    const clientDataJSON = this.clientData('webauthn.get', tamper.challenge ?? options.challenge, tamper.origin);
    const key = tamper.signWith ?? credential?.privateKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), key);
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key' as const,
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
    };
  }

  private authDataHead(rpId: string, extraFlags: number, counter: number): Buffer {
    const flags = FLAG_UP | (this.options.userVerified === false ? 0 : FLAG_UV) | extraFlags;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }
}

/** Another P-256 private key: a signature from a key the service does not know. */
export function foreignKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}
