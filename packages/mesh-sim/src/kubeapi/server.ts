import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createApiAuth, type ApiAuth } from '../auth/apiAuth.ts';
import type { AuthOptions } from '../auth/authenticate.ts';
import { forbidden } from '../auth/forbidden.ts';
import { requestAttributes } from '../auth/requestAttributes.ts';
import { decodeReviewProtobuf } from '../auth/reviewProtobuf.ts';
import { answerReview, type ReviewKind } from '../auth/reviews.ts';
import { KubeApiError } from '../store/errors.ts';
import type { ObjectStore } from '../store/store.ts';
import * as discovery from './discovery.ts';
import {
  handleCreate,
  handleDelete,
  handleGet,
  handleList,
  handlePatch,
  handleUpdate,
  handleWatch,
  type HandlerContext,
} from './handlers.ts';
import { decodeBody, readBodyBytes, sendError, sendJson } from './http.ts';
import { handlePodLog } from './podLog.ts';
import { parseApiPath } from './route.ts';
import { PodLogStore } from '../logs/podLogStore.ts';

export interface KubeApiOptions {
  store: ObjectStore;
  now?: () => Date;
  /** Called for every request (method, path, status), e.g. for a request log. */
  onRequest?: (method: string, path: string, status: number) => void;
  /** Authentication and RBAC like kube-apiserver's; absent, every request is allowed. */
  auth?: AuthOptions;
  /** The containers' stdout, served at `pods/{name}/log`; absent, every container's log is empty. */
  logs?: PodLogStore;
}

function notFoundStatus(): KubeApiError {
  return new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
}

async function dispatch(
  ctx: HandlerContext & { logs: PodLogStore },
  auth: ApiAuth,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  // As kube-apiserver's filter chain: authenticate, then authorize, then route (so an unknown
  // resource the user may not see is a 403, not a 404). Watches are authorized once, at start.
  const user = await auth.authenticate(req.headers.authorization);
  if (auth.enabled) {
    const attributes = requestAttributes(method, url);
    const decision = auth.authorize(user, attributes);
    if (!decision.allowed) throw forbidden(attributes, user.username, decision.reason);
  }
  const route = parseApiPath(url.pathname);
  const query = url.searchParams;
  const host = req.headers.host ?? '127.0.0.1';
  const readOnly = (body: unknown): void => {
    if (method !== 'GET' && method !== 'HEAD')
      throw new KubeApiError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    if (body === undefined) throw notFoundStatus();
    sendJson(res, 200, body);
  };
  switch (route.type) {
    case 'version':
      return readOnly(discovery.versionInfo());
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    case 'coreVersions':
      return readOnly(discovery.coreVersions(host));
    case 'groupList':
      return readOnly(discovery.groupList());
    case 'group':
      return readOnly(discovery.group(route.group));
    case 'resourceList':
      return readOnly(discovery.resourceList(route.group, route.version));
    case 'openapiV3Index':
      return readOnly(discovery.openapiV3Index());
    case 'openapiV3':
      return readOnly(discovery.openapiV3(route.group, route.version));
    case 'openapiV2':
    case 'unknownResource':
    case 'notFound':
      throw notFoundStatus();
    case 'resource': {
      if (route.resource.verbs) {
        if (method !== 'POST' || route.name !== undefined)
          throw new KubeApiError(
            405,
            'MethodNotAllowed',
            `the server does not allow this method on the requested resource`,
          );
        const bytes = await readBodyBytes(req);
        const body = (req.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf')
          ? decodeReviewProtobuf(bytes)
          : decodeBody(bytes.toString('utf8'), req.headers['content-type']);
        const kind = route.resource.kind as ReviewKind;
        sendJson(res, 201, answerReview(kind, body, user, auth, route.namespace));
        return;
      }
      if (route.subresource === 'log') {
        if (method !== 'GET')
          throw new KubeApiError(
            405,
            'MethodNotAllowed',
            `the server does not allow this method on the requested resource`,
          );
        return handlePodLog(ctx.store, ctx.logs, ctx.now, route.namespace!, route.name!, query, req, res);
      }
      const watch = route.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
      switch (method) {
        case 'GET':
          if (watch) return handleWatch(ctx, route, query, req, res);
          if (route.name === undefined) return handleList(ctx, route, query, req, res);
          return handleGet(ctx, route, req, res);
        case 'POST':
          if (route.name !== undefined) break;
          return handleCreate(ctx, route, query, req, res);
        case 'PUT':
          if (route.name === undefined) break;
          return handleUpdate(ctx, route, query, req, res);
        case 'PATCH':
          if (route.name === undefined) break;
          return handlePatch(ctx, route, query, req, res);
        case 'DELETE':
          if (route.subresource !== undefined) break;
          return handleDelete(ctx, route, query, req, res);
      }
      throw new KubeApiError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    }
  }
}

/** The request handler of the simulated Kubernetes API server, usable with any node:http server. */
export function createKubeApiHandler(
  options: KubeApiOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const ctx = {
    store: options.store,
    now: options.now ?? (() => new Date()),
    logs: options.logs ?? new PodLogStore(),
  };
  const auth = createApiAuth(options.store, options.auth);
  return (req, res) => {
    if (options.onRequest) {
      res.on('finish', () => options.onRequest?.(req.method ?? 'GET', req.url ?? '', res.statusCode));
    }
    dispatch(ctx, auth, req, res).catch((error: unknown) => sendError(res, error));
  };
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function listen(
  server: Server,
  host: string,
  port: number,
  scheme = 'http',
): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}://${urlHost}:${address.port}`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What the simulated API server does, for tests that play a cluster upgrade or an overloaded
 * control plane: `up` serves; `down` is a stopped API server (connections dropped, new ones
 * refused); `unavailable` answers every request with 503 ServiceUnavailable and ends open watches.
 * Coming back after either, it forgets its watch history like a restarted API server, so clients
 * resuming a watch get 410 Gone and list again. The store (etcd) keeps every object throughout.
 */
export type KubeApiMode = 'up' | 'down' | 'unavailable';
export const KUBE_API_MODES: readonly KubeApiMode[] = ['up', 'down', 'unavailable'];

export interface KubeApiServer extends RunningServer {
  mode(): KubeApiMode;
  setMode(mode: KubeApiMode): Promise<void>;
}

export async function startKubeApiServer(
  options: KubeApiOptions & {
    host?: string;
    port?: number;
    /** Serve HTTPS with this certificate (PEM) instead of plain HTTP. */
    tls?: { cert: string; key: string };
  },
): Promise<KubeApiServer> {
  const handler = createKubeApiHandler(options);
  let mode: KubeApiMode = 'up';
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    if (mode === 'unavailable') {
      sendError(
        res,
        new KubeApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'),
      );
      return;
    }
    handler(req, res);
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, serve)
    : createServer(serve);
  // Watches are long-lived; never let Node's defaults cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  const running = await listen(server, host, options.port ?? 0, options.tls ? 'https' : 'http');
  const setMode = async (next: KubeApiMode): Promise<void> => {
    if (next === mode) return;
    const previous = mode;
    mode = next;
    if (previous === 'down') {
      await listen(server, host, running.port);
    } else {
      // Open watches and keep-alive connections end as they do when an API server goes away.
      server.closeAllConnections();
    }
    if (next === 'down') await new Promise<void>((resolve) => server.close(() => resolve()));
    if (next === 'up') options.store.expireHistory();
  };
  return {
    ...running,
    close: async () => {
      if (mode === 'down') return;
      await running.close();
    },
    mode: () => mode,
    setMode,
  };
}
