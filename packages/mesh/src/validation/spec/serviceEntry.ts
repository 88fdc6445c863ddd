/** istiod's `ValidateServiceEntry` (`validation.go`). */
import { asArray, asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import {
  isHttpProtocol,
  isTlsProtocol,
  portNameProblem,
  portProblem,
  protocolProblem,
  validateExportTo,
  validateSelectorLabels,
} from './common.ts';
import { fqdnProblem, ipSubnetProblem, isIpAddress, wildcardDomainProblem } from './hosts.ts';
import type { Problems } from './problems.ts';
import { entries, isSet, keyPath } from './problems.ts';

const RESOLUTIONS = new Set(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']);

export function validateServiceEntrySpec(p: Problems, spec: JsonRecord, namespace: string): void {
  validateSelectorLabels(p, spec.workloadSelector, 'labels', 'spec.workloadSelector');
  if (isSet(spec, 'workloadSelector') && isSet(spec, 'endpoints')) {
    p.add('spec', 'only one of WorkloadSelector or Endpoints is allowed in Service Entry');
  }
  const hosts = asArray(spec.hosts).map((h) => asString(h) ?? '');
  if (hosts.length === 0) p.add('spec.hosts', 'service entry must have at least one host');
  for (const [i, host] of hosts.entries()) {
    if (host === '*') p.add(`spec.hosts[${i}]`, `invalid host ${host}`);
    else p.check(`spec.hosts[${i}]`, wildcardDomainProblem(host));
  }
  const resolution = asString(spec.resolution) ?? 'NONE';
  let cidr = false;
  for (const [i, address] of asArray(spec.addresses).entries()) {
    const a = asString(address) ?? '';
    cidr ||= a.includes('/');
    p.check(`spec.addresses[${i}]`, ipSubnetProblem(a));
  }
  if (cidr && resolution !== 'NONE' && resolution !== 'STATIC') {
    p.add('spec.resolution', 'CIDR addresses are allowed only for NONE/STATIC resolution types');
  }
  const portNames = new Set<string>();
  const portNumbers = new Set<unknown>();
  for (const [port, path] of entries(spec.ports, 'spec.ports')) {
    const name = asString(port.name) ?? '';
    if (portNames.has(name)) p.add(`${path}.name`, `service entry port name "${name}" already defined`);
    portNames.add(name);
    if (portNumbers.has(port.number))
      p.add(`${path}.number`, `service entry port ${String(port.number)} already defined`);
    portNumbers.add(port.number);
    if (isSet(port, 'targetPort') && port.targetPort !== 0)
      p.check(`${path}.targetPort`, portProblem(port.targetPort));
    p.check(`${path}.name`, portNameProblem(name));
    p.check(`${path}.protocol`, protocolProblem(asString(port.protocol) ?? ''));
    p.check(`${path}.number`, portProblem(port.number));
  }
  const endpoints = entries(spec.endpoints, 'spec.endpoints');
  if (!RESOLUTIONS.has(resolution)) p.add('spec.resolution', `unsupported resolution type ${resolution}`);
  if (resolution === 'NONE' && endpoints.length > 0)
    p.add('spec.endpoints', 'no endpoints should be provided for resolution type none');
  if (resolution === 'STATIC') {
    for (const [ep, path] of endpoints) {
      const addr = asString(ep.address) ?? '';
      if (addr === '' && !ep.network) p.add(`${path}.address`, 'address is required');
      else if (addr !== '' && !addr.startsWith('unix://') && !isIpAddress(addr)) {
        p.add(`${path}.address`, `endpoint address "${addr}" is not a valid IP address`);
      }
      validateEndpointPorts(p, ep, path, portNames);
    }
  }
  if (resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') {
    if (endpoints.length === 0) {
      for (const [i, host] of hosts.entries()) {
        if (fqdnProblem(host))
          p.add(
            `spec.hosts[${i}]`,
            `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution}`,
          );
      }
    }
    if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
      p.add('spec.endpoints', `there must only be 0 or 1 endpoint for resolution mode ${resolution}`);
    }
    for (const [ep, path] of endpoints) {
      const addr = asString(ep.address) ?? '';
      if (!isIpAddress(addr) && fqdnProblem(addr))
        p.add(`${path}.address`, `endpoint address "${addr}" is not a valid FQDN or an IP address`);
      validateEndpointPorts(p, ep, path, portNames);
    }
  }
  if (resolution !== 'NONE' && hosts.length > 1) {
    const bad = entries(spec.ports, 'spec.ports').find(([port]) => {
      const protocol = asString(port.protocol) ?? '';
      return !isHttpProtocol(protocol) && !isTlsProtocol(protocol);
    });
    if (bad) p.add(`${bad[1]}.protocol`, 'multiple hosts provided with non-HTTP, non-TLS ports');
  }
  validateExportTo(p, spec.exportTo, namespace, 'spec.exportTo', true);
}

function validateEndpointPorts(
  p: Problems,
  ep: JsonRecord,
  path: string,
  portNames: ReadonlySet<string>,
): void {
  for (const [name, port] of Object.entries(asRecord(ep.ports))) {
    const at = keyPath(`${path}.ports`, name);
    if (!portNames.has(name)) p.add(at, `endpoint port ${String(port)} is not defined by the service entry`);
    p.check(at, portNameProblem(name));
    p.check(at, portProblem(port));
  }
}
