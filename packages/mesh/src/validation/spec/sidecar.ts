/** istiod's `ValidateSidecar` (`validation.go`). */
import { asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import { portNameProblem, portProblem, protocolProblem, validateSelectorLabels } from './common.ts';
import { validateServerTls } from './gateway.ts';
import { isIpAddress, namespaceSlashHostProblems } from './hosts.ts';
import type { Problems } from './problems.ts';
import { entries, isSet } from './problems.ts';

const UNIX = 'unix://';

export function validateSidecarSpec(p: Problems, spec: JsonRecord): void {
  validateSelectorLabels(p, spec.workloadSelector, 'labels', 'spec.workloadSelector');
  const ingress = entries(spec.ingress, 'spec.ingress');
  const egress = entries(spec.egress, 'spec.egress');
  if (
    ingress.length === 0 &&
    egress.length === 0 &&
    !isSet(spec, 'outboundTrafficPolicy') &&
    !isSet(spec, 'inboundConnectionPool')
  ) {
    p.add('spec', 'sidecar: empty configuration provided');
    return;
  }
  const ingressPorts = new Set<unknown>();
  for (const [listener, path] of ingress) {
    if (!isSet(listener, 'port')) {
      p.add(`${path}.port`, 'sidecar: port is required for ingress listeners');
      continue;
    }
    const port = asRecord(listener.port);
    validatePortAndBind(p, port, asString(listener.bind) ?? '', `${path}.port`, `${path}.bind`);
    if (ingressPorts.has(port.number))
      p.add(`${path}.port.number`, 'sidecar: ports on IP bound listeners must be unique');
    ingressPorts.add(port.number);
    if (isSet(listener, 'tls')) {
      const tls = asRecord(listener.tls);
      if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH') {
        p.add(
          `${path}.tls.mode`,
          `configuration is invalid: cannot set mode to ${String(tls.mode)} in sidecar ingress tls`,
        );
      }
      validateServerTls(p, listener.tls, `${path}.tls`);
    }
  }
  const egressPorts = new Set<unknown>();
  for (const [i, [listener, path]] of egress.entries()) {
    if (!isSet(listener, 'port')) {
      if (i !== egress.length - 1)
        p.add(path, 'sidecar: the egress listener with empty port should be the last listener in the list');
    } else {
      const port = asRecord(listener.port);
      const bind = asString(listener.bind) ?? '';
      if (port.number === 0 || port.number === undefined) {
        if (!bind.startsWith(UNIX))
          p.add(`${path}.bind`, 'sidecar: ports with 0 value must have a unix domain socket bind address');
        p.check(`${path}.port.protocol`, protocolProblem(asString(port.protocol) ?? ''));
      } else {
        validatePortAndBind(p, port, bind, `${path}.port`, `${path}.bind`);
        if (egressPorts.has(port.number))
          p.add(`${path}.port.number`, 'sidecar: ports on IP bound listeners must be unique');
        egressPorts.add(port.number);
      }
    }
    const hosts = Array.isArray(listener.hosts) ? (listener.hosts as unknown[]) : [];
    if (hosts.length === 0) p.add(`${path}.hosts`, 'sidecar: egress listener must contain at least one host');
    for (const [j, host] of hosts.entries()) {
      for (const err of namespaceSlashHostProblems(asString(host) ?? '', false))
        p.add(`${path}.hosts[${j}]`, err);
    }
  }
}

function validatePortAndBind(
  p: Problems,
  port: JsonRecord,
  bind: string,
  path: string,
  bindPath: string,
): void {
  const name = asString(port.name) ?? '';
  if (name !== '') p.check(`${path}.name`, portNameProblem(name));
  p.check(`${path}.protocol`, protocolProblem(asString(port.protocol) ?? ''));
  p.check(`${path}.number`, portProblem(port.number));
  if (typeof port.targetPort === 'number' && port.targetPort > 0)
    p.add(`${path}.targetPort`, 'targetPort has no impact on Sidecars');
  if (bind !== '' && !isIpAddress(bind)) p.add(bindPath, `${bind} is not a valid IP`);
}
