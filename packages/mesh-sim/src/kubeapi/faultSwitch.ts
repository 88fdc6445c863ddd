import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http.ts';
import { KUBE_API_MODES, type KubeApiServer } from './server.ts';

export const FAULT_SWITCH_PATH = '/sim/kube-api';

/**
 * `GET|PUT /sim/kube-api` (`{"mode": "up" | "down" | "unavailable"}`) on the metrics port, which
 * stays up while the API is away: how tests and people take the simulated API server away and
 * bring it back with its state, as a cluster upgrade does (`curl -X PUT -d '{"mode":"down"}' …`).
 */
export async function handleFaultSwitch(
  api: KubeApiServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method === 'GET') return sendJson(res, 200, { mode: api.mode() });
  if (req.method !== 'PUT' && req.method !== 'POST')
    return sendJson(res, 405, { error: `${req.method ?? ''} not allowed; use GET or PUT` });
  let mode: unknown;
  try {
    mode = (JSON.parse(await readBody(req)) as { mode?: unknown }).mode;
  } catch {
    mode = undefined;
  }
  if (typeof mode !== 'string' || !(KUBE_API_MODES as readonly string[]).includes(mode))
    return sendJson(res, 400, { error: `mode must be one of ${KUBE_API_MODES.join(', ')}` });
  await api.setMode(mode as (typeof KUBE_API_MODES)[number]);
  sendJson(res, 200, { mode: api.mode() });
}
