/** istiod's `ValidateDestinationRule` and the traffic policy rules it shares (`validation.go`). */
import { asArray, asNumber, asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import { percentProblem, portProblem, validateExportTo, validateSelectorLabels } from './common.ts';
import { durationProblem } from './duration.ts';
import { fqdnProblem, isDns1123Label, isIpAddress, wildcardDomainProblem } from './hosts.ts';
import type { Problems } from './problems.ts';
import { entries, isSet } from './problems.ts';

export function validateDestinationRuleSpec(p: Problems, spec: JsonRecord, namespace: string): void {
  p.check('spec.host', wildcardDomainProblem(asString(spec.host) ?? ''));
  validateTrafficPolicy(p, spec.trafficPolicy, 'spec.trafficPolicy');
  const names = new Set<string>();
  for (const [subset, path] of entries(spec.subsets, 'spec.subsets')) {
    const name = asString(subset.name) ?? '';
    if (names.has(name)) p.add(`${path}.name`, `duplicate subset names: ${name}`);
    names.add(name);
    if (name === '') p.add(`${path}.name`, 'subset name cannot be empty');
    else if (!isDns1123Label(name)) p.add(`${path}.name`, `subset name is invalid: ${name}`);
    validateTrafficPolicy(p, subset.trafficPolicy, `${path}.trafficPolicy`);
  }
  validateExportTo(p, spec.exportTo, namespace, 'spec.exportTo', false);
  const exportTo = asArray(spec.exportTo).map((e) => (e === '.' ? namespace : e));
  if (isSet(spec, 'workloadSelector') && exportTo.length > 0) {
    if (!exportTo.includes(namespace)) {
      p.add(
        'spec.exportTo',
        'destination rule with workload selector cannot have exportTo beyond current namespace',
      );
    } else if (new Set(exportTo).size > 1) {
      p.add(
        'spec.exportTo',
        'destination rule with workload selector cannot have multiple entries in exportTo',
      );
    }
  }
  validateSelectorLabels(p, spec.workloadSelector, 'matchLabels', 'spec.workloadSelector');
}

const POLICY_FIELDS = [
  'outlierDetection',
  'connectionPool',
  'loadBalancer',
  'tls',
  'portLevelSettings',
  'tunnel',
  'proxyProtocol',
];

function validateTrafficPolicy(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const policy = asRecord(value);
  if (!POLICY_FIELDS.some((f) => isSet(policy, f))) {
    p.add(path, 'traffic policy must have at least one field');
    return;
  }
  if (isSet(policy, 'tunnel') && isSet(policy, 'proxyProtocol')) {
    p.add(path, 'tunnel and proxyProtocol must not be set together');
    return;
  }
  validateOutlierDetection(p, policy.outlierDetection, `${path}.outlierDetection`);
  validateConnectionPool(p, policy.connectionPool, `${path}.connectionPool`);
  validateLoadBalancer(p, policy.loadBalancer, `${path}.loadBalancer`);
  validateClientTls(p, policy.tls, `${path}.tls`);
  for (const [pls, at] of entries(policy.portLevelSettings, `${path}.portLevelSettings`)) {
    if (!isSet(pls, 'port')) p.add(`${at}.port`, 'portTrafficPolicy must have valid port');
    if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((f) => isSet(pls, f))) {
      p.add(at, 'port traffic policy must have at least one field');
      continue;
    }
    validateOutlierDetection(p, pls.outlierDetection, `${at}.outlierDetection`);
    validateConnectionPool(p, pls.connectionPool, `${at}.connectionPool`);
    validateLoadBalancer(p, pls.loadBalancer, `${at}.loadBalancer`);
    validateClientTls(p, pls.tls, `${at}.tls`);
  }
  if (isSet(policy, 'tunnel')) {
    const tunnel = asRecord(policy.tunnel);
    const protocol = asString(tunnel.protocol) ?? '';
    if (protocol !== '' && protocol !== 'CONNECT' && protocol !== 'POST') {
      p.add(`${path}.tunnel.protocol`, 'tunnel protocol must be "CONNECT" or "POST"');
    }
    const target = asString(tunnel.targetHost) ?? '';
    const fqdnErr = fqdnProblem(target);
    if (fqdnErr && !isIpAddress(target))
      p.add(`${path}.tunnel.targetHost`, `tunnel target host must be valid FQDN or IP address: ${fqdnErr}`);
    const portErr = portProblem(tunnel.targetPort);
    if (portErr) p.add(`${path}.tunnel.targetPort`, `tunnel target port is invalid: ${portErr}`);
  }
}

function durationField(p: Problems, record: JsonRecord, key: string, path: string): void {
  if (isSet(record, key)) p.check(`${path}.${key}`, durationProblem(record[key]));
}

function nonNegative(p: Problems, record: JsonRecord, key: string, path: string, what: string): void {
  const v = asNumber(record[key]);
  if (v !== undefined && v < 0) p.add(`${path}.${key}`, `${what} must be non-negative`);
}

function validateOutlierDetection(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const o = asRecord(value);
  durationField(p, o, 'baseEjectionTime', path);
  durationField(p, o, 'interval', path);
  const localOrigin =
    asNumber(o.consecutiveLocalOriginFailures) ??
    asNumber(asRecord(o.consecutiveLocalOriginFailures).value) ??
    0;
  if (o.splitExternalLocalOriginErrors !== true && localOrigin > 0) {
    p.add(
      `${path}.consecutiveLocalOriginFailures`,
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false',
    );
  }
  p.check(`${path}.maxEjectionPercent`, percentProblem(o.maxEjectionPercent));
  p.check(`${path}.minHealthPercent`, percentProblem(o.minHealthPercent));
}

function validateConnectionPool(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const pool = asRecord(value);
  if (!isSet(pool, 'http') && !isSet(pool, 'tcp')) {
    p.add(path, 'connection pool must have at least one field');
    return;
  }
  if (isSet(pool, 'http')) {
    const http = asRecord(pool.http);
    const at = `${path}.http`;
    nonNegative(p, http, 'http1MaxPendingRequests', at, 'http1 max pending requests');
    nonNegative(p, http, 'http2MaxRequests', at, 'http2 max requests');
    nonNegative(p, http, 'maxRequestsPerConnection', at, 'max requests per connection');
    nonNegative(p, http, 'maxRetries', at, 'max retries');
    nonNegative(p, http, 'maxConcurrentStreams', at, 'max concurrent streams');
    durationField(p, http, 'idleTimeout', at);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      p.add(
        `${at}.useClientProtocol`,
        'use client protocol must not be true when H2UpgradePolicy is UPGRADE',
      );
    }
  }
  if (isSet(pool, 'tcp')) {
    const tcp = asRecord(pool.tcp);
    const at = `${path}.tcp`;
    nonNegative(p, tcp, 'maxConnections', at, 'max connections');
    durationField(p, tcp, 'connectTimeout', at);
    durationField(p, tcp, 'maxConnectionDuration', at);
    durationField(p, tcp, 'idleTimeout', at);
    if (isSet(tcp, 'tcpKeepalive')) {
      const ka = asRecord(tcp.tcpKeepalive);
      durationField(p, ka, 'time', `${at}.tcpKeepalive`);
      durationField(p, ka, 'interval', `${at}.tcpKeepalive`);
    }
  }
}

function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let f = 3; f * f <= x; f += 2) if (x % f === 0) return false;
  return true;
}

function validateLoadBalancer(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const lb = asRecord(value);
  if (isSet(lb, 'consistentHash')) {
    const ch = asRecord(lb.consistentHash);
    const at = `${path}.consistentHash`;
    if (isSet(ch, 'httpCookie') && !asRecord(ch.httpCookie).name)
      p.add(`${at}.httpCookie.name`, 'name required for HttpCookie');
    if (asNumber(ch.minimumRingSize) && (isSet(ch, 'ringHash') || isSet(ch, 'maglev'))) {
      p.add(at, 'only one of MinimumRingSize or Maglev/Ringhash can be specified');
    }
    if (isSet(ch, 'maglev')) {
      const size = asNumber(asRecord(ch.maglev).tableSize) ?? 0;
      const tableAt = `${at}.maglev.tableSize`;
      if (size === 0) p.add(tableAt, 'tableSize must be set for maglev');
      if (size >= 5000011) p.add(tableAt, 'tableSize must be less than 5000011 for maglev');
      if (!isPrime(size)) p.add(tableAt, 'tableSize must be a prime number for maglev');
    }
  }
  durationField(p, lb, 'warmupDurationSecs', path);
}

/** `agent.ValidateTLS` (client TLS settings of a DestinationRule). */
function validateClientTls(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const tls = asRecord(value);
  const mode = asString(tls.mode) ?? 'DISABLE';
  const skipVerify = tls.insecureSkipVerify === true || asRecord(tls.insecureSkipVerify).value === true;
  const hasSans = isSet(tls, 'subjectAltNames');
  if (skipVerify && mode === 'SIMPLE' && (tls.caCertificates || tls.credentialName || hasSans)) {
    p.add(
      path,
      'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
    );
  }
  if (skipVerify && mode === 'MUTUAL' && (tls.caCertificates || hasSans)) {
    p.add(path, 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true');
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && tls.credentialName) {
    if (tls.clientCertificate || tls.caCertificates || tls.privateKey || tls.caCrl) {
      p.add(path, 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set');
    }
    return;
  }
  if (mode === 'MUTUAL') {
    if (!tls.clientCertificate)
      p.add(`${path}.clientCertificate`, 'client certificate required for mutual tls');
    if (!tls.privateKey) p.add(`${path}.privateKey`, 'private key required for mutual tls');
  }
}
