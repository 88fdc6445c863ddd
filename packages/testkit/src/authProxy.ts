import { timingSafeEqual } from 'node:crypto';
import {
  createServer as createHttpServer,
  request,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/**
 * What the proxy lets through, like the gateways put in front of Prometheus (oauth2-proxy,
 * kube-rbac-proxy, Mimir's tenant header): missing or wrong credentials are 401, a required
 * header that is missing is 401 too (Mimir: "no org id"), one with another value is 403.
 */
export interface AuthRequirement {
  bearerToken?: string;
  basic?: { username: string; password: string };
  headers?: Readonly<Record<string, string>>;
}

export interface AuthProxyOptions {
  /** Where requests that pass go, e.g. a Prometheus' `http://127.0.0.1:40123`. */
  target: string;
  require: AuthRequirement;
  /** Serve https with this key and certificate (see `selfSignedCertificate`). */
  tls?: { key: string; cert: string };
}

export interface ProxiedRequest {
  method: string;
  path: string;
  /** 'passed' when forwarded to the target. */
  outcome: 'passed' | 401 | 403;
}

export interface AuthProxy {
  /** `http(s)://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Replaces what is accepted from the next request on (e.g. a rotated token). */
  require(requirement: AuthRequirement): void;
  /** Every request seen, oldest first. */
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

/** An authenticating reverse proxy on a free loopback port. */
export async function startAuthProxy(options: AuthProxyOptions): Promise<AuthProxy> {
  const target = new URL(options.target);
  let requirement = options.require;
  const requests: ProxiedRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const refusal = check(req, requirement);
    requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      outcome: refusal?.status ?? 'passed',
    });
    if (refusal !== undefined) {
      req.resume();
      res.writeHead(refusal.status, {
        'content-type': 'text/plain',
        ...(refusal.status === 401 ? { 'www-authenticate': 'Bearer realm="prometheus"' } : {}),
      });
      res.end(`${refusal.message}\n`);
      return;
    }
    const headers = { ...req.headers, host: target.host };
    delete headers.authorization;
    const upstream = request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`auth proxy: ${err.message}\n`);
    });
    req.pipe(upstream);
  };

  const server = options.tls ? createHttpsServer(options.tls, handle) : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    require(next) {
      requirement = next;
    },
    requests,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function check(
  req: IncomingMessage,
  requirement: AuthRequirement,
): { status: 401 | 403; message: string } | undefined {
  const authorization = req.headers.authorization ?? '';
  if (requirement.bearerToken !== undefined && !same(authorization, `Bearer ${requirement.bearerToken}`)) {
    return { status: 401, message: authorization === '' ? 'no bearer token' : 'invalid bearer token' };
  }
  if (requirement.basic !== undefined) {
    const { username, password } = requirement.basic;
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (!same(authorization, expected)) return { status: 401, message: 'invalid username or password' };
  }
  for (const [name, value] of Object.entries(requirement.headers ?? {})) {
    const sent = req.headers[name.toLowerCase()];
    if (sent === undefined) return { status: 401, message: `no ${name} header` };
    if (sent !== value) return { status: 403, message: `${name} ${String(sent)} is not allowed` };
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A self-signed certificate for `127.0.0.1` and `localhost`, valid for a day: its own CA, so a
 * client trusts it only when given it as its CA.
 */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'sextant-test' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
