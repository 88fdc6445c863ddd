import { hkdfSync, randomBytes } from 'node:crypto';
import { parse as parseCookies, serialize, type SerializeOptions } from 'cookie';
import type { Request, Response } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';

/**
 * Sealed cookies: the payload is encrypted and authenticated (JWE, `dir` + A256GCM) with a key only
 * the server has, so the browser holds the session (no server-side store: any replica opens it)
 * and can neither read the Kubernetes token in it nor forge one. The JWT `exp` claim bounds it.
 */
export class CookieSealer {
  private readonly key: Uint8Array;

  constructor(
    key: Uint8Array,
    /** Milliseconds since the epoch. */
    private readonly now: () => number,
  ) {
    if (key.length !== 32) throw new Error('the cookie key must be 32 bytes');
    this.key = key;
  }

  /** `purpose` is sealed in, so a cookie made for one use (the OpenID state) opens for no other. */
  async seal(purpose: string, payload: Record<string, unknown>, expiresAtMs: number): Promise<string> {
    return new EncryptJWT({ ...payload, purpose })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setExpirationTime(Math.floor(expiresAtMs / 1000))
      .encrypt(this.key);
  }

  /** The payload, or undefined when the value was not sealed by this key, is for another purpose, or expired. */
  async open(purpose: string, sealed: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, {
        currentDate: new Date(this.now()),
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        requiredClaims: ['exp'],
      });
      if (payload.purpose !== purpose) return undefined;
      return payload;
    } catch {
      return undefined;
    }
  }
}

/**
 * The 32-byte key from the configured secret (any length of text; HKDF spreads it), or a random one:
 * then sessions end when the process does and replicas cannot open each other's cookies.
 */
export function cookieKey(secret: string | undefined): Uint8Array {
  if (secret === undefined) return new Uint8Array(randomBytes(32));
  return new Uint8Array(hkdfSync('sha256', secret, 'sextant', 'session cookie', 32));
}

/**
 * Browsers keep about 4 KiB per cookie; an OpenID ID token with many groups, sealed, can be larger.
 * Longer values are split over `<name>`, `<name>.1`... (as Kiali does with its token chunks).
 */
const CHUNK = 3_800;
const MAX_CHUNKS = 5;

export interface CookieOptions {
  /** Seconds; undefined: a browser-session cookie. */
  maxAgeSeconds?: number;
}

function attributes(req: Request, options: CookieOptions): SerializeOptions {
  return {
    httpOnly: true,
    // Lax: sent on the top-level redirect back from the OpenID provider, never on a cross-site POST.
    sameSite: 'lax',
    path: '/',
    secure: isHttps(req),
    ...(options.maxAgeSeconds === undefined
      ? {}
      : { maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)) }),
  };
}

/** Behind a TLS-terminating proxy the request arrives as http; its `X-Forwarded-Proto` only ever makes the cookie stricter. */
function isHttps(req: Request): boolean {
  return req.protocol === 'https' || req.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

const chunkName = (name: string, index: number) => (index === 0 ? name : `${name}.${index}`);

/** Throws when the value does not fit in MAX_CHUNKS cookies. */
export function setCookie(
  req: Request,
  res: Response,
  name: string,
  value: string,
  options: CookieOptions = {},
): void {
  const count = Math.ceil(value.length / CHUNK);
  if (count > MAX_CHUNKS) {
    throw new Error(
      `the session is ${value.length} bytes, over the ${CHUNK * MAX_CHUNKS} bytes cookies can carry`,
    );
  }
  const present = parseCookies(req.headers.cookie ?? '');
  for (let i = 0; i < MAX_CHUNKS; i++) {
    if (i < count) {
      res.append(
        'Set-Cookie',
        serialize(chunkName(name, i), value.slice(i * CHUNK, (i + 1) * CHUNK), attributes(req, options)),
      );
    } else if (present[chunkName(name, i)] !== undefined) {
      res.append('Set-Cookie', serialize(chunkName(name, i), '', { ...attributes(req, {}), maxAge: 0 }));
    }
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const present = parseCookies(req.headers.cookie ?? '');
  let value = '';
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const part = present[chunkName(name, i)];
    if (part === undefined) break;
    value += part;
  }
  return value === '' ? undefined : value;
}

export function clearCookie(req: Request, res: Response, name: string): void {
  const present = parseCookies(req.headers.cookie ?? '');
  for (let i = 0; i < MAX_CHUNKS; i++) {
    if (i === 0 || present[chunkName(name, i)] !== undefined) {
      res.append('Set-Cookie', serialize(chunkName(name, i), '', { ...attributes(req, {}), maxAge: 0 }));
    }
  }
}
