/** istiod's `ValidateGateway` and `validateServer` (`validation.go`). */
import { asArray, asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import { isHttpProtocol, isKnownProtocol, isTlsProtocol, portProblem } from './common.ts';
import { isDns1123Label, isIpAddress, namespaceSlashHostProblems } from './hosts.ts';
import type { Problems } from './problems.ts';
import { entries, isSet } from './problems.ts';

const UNIX = 'unix://';

export function validateGatewaySpec(p: Problems, spec: JsonRecord, name: string): void {
  if (name !== '' && !isDns1123Label(name))
    p.add('metadata.name', `invalid gateway name: "${name}" (a DNS label: no dots)`);
  const servers = entries(spec.servers, 'spec.servers');
  if (servers.length === 0) p.add('spec.servers', 'gateway must have at least one server');
  const portNames = new Set<string>();
  for (const [server, path] of servers) {
    validateServer(p, server, path);
    if (!isSet(server, 'port')) continue;
    const portName = asString(asRecord(server.port).name) ?? '';
    if (portNames.has(portName))
      p.add(`${path}.port.name`, `port names in servers must be unique: duplicate name ${portName}`);
    portNames.add(portName);
  }
}

function validateServer(p: Problems, server: JsonRecord, path: string): void {
  const hosts = asArray(server.hosts);
  if (hosts.length === 0) p.add(`${path}.hosts`, 'server config must contain at least one host');
  for (const [i, host] of hosts.entries()) {
    for (const err of namespaceSlashHostProblems(asString(host) ?? '', true))
      p.add(`${path}.hosts[${i}]`, err);
  }
  const bind = asString(server.bind) ?? '';
  let portOk = false;
  if (!isSet(server, 'port')) {
    p.add(`${path}.port`, 'port is required');
  } else {
    const port = asRecord(server.port);
    const protocol = asString(port.protocol) ?? '';
    const before = p.list.length;
    if (!isKnownProtocol(protocol)) {
      p.add(
        `${path}.port.protocol`,
        `invalid protocol "${protocol}", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`,
      );
    }
    const number = port.number ?? 0;
    if ((typeof number === 'number' && number > 0) || !bind.startsWith(UNIX))
      p.check(`${path}.port.number`, portProblem(number));
    if (typeof port.targetPort === 'number' && port.targetPort > 0)
      p.add(`${path}.port.targetPort`, 'targetPort has no impact on Gateways');
    if (!port.name) p.add(`${path}.port.name`, 'port name must be set');
    portOk = p.list.length === before;
  }
  if (bind.startsWith(UNIX)) {
    if (isSet(server, 'port') && asRecord(server.port).number)
      p.add(`${path}.port.number`, 'port number must be 0 for unix domain socket');
  } else if (bind !== '' && !isIpAddress(bind)) {
    p.add(`${path}.bind`, `${bind} is not a valid IP`);
  }
  validateServerTls(p, server.tls, `${path}.tls`);
  if (portOk) {
    const protocol = asString(asRecord(server.port).protocol) ?? '';
    const tls = asRecord(server.tls);
    if (isTlsProtocol(protocol) && !isSet(server, 'tls')) {
      p.add(`${path}.tls`, 'server must have TLS settings for HTTPS/TLS protocols');
    } else if (!isTlsProtocol(protocol) && isSet(server, 'tls')) {
      if (isHttpProtocol(protocol)) {
        const redirectOnly = tls.httpsRedirect === true && (!tls.mode || tls.mode === 'PASSTHROUGH');
        if (!redirectOnly || tls.caCertificates || tls.privateKey || tls.serverCertificate) {
          p.add(`${path}.tls`, 'server cannot have TLS settings for plain text HTTP ports');
        }
      } else {
        p.add(`${path}.tls`, 'server cannot have TLS settings for non HTTPS/TLS ports');
      }
    }
  }
}

/** `validateTLSOptions` (server side; also Sidecar ingress TLS). */
export function validateServerTls(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const tls = asRecord(value);
  const mode = asString(tls.mode) ?? 'PASSTHROUGH';
  if (mode === 'ISTIO_MUTUAL') {
    if (tls.serverCertificate)
      p.add(`${path}.serverCertificate`, 'ISTIO_MUTUAL TLS cannot have associated server certificate');
    if (tls.privateKey) p.add(`${path}.privateKey`, 'ISTIO_MUTUAL TLS cannot have associated private key');
    if (tls.caCertificates)
      p.add(`${path}.caCertificates`, 'ISTIO_MUTUAL TLS cannot have associated CA bundle');
    if (tls.credentialName)
      p.add(`${path}.credentialName`, 'ISTIO_MUTUAL TLS cannot have associated credentialName');
    return;
  }
  const usesCredential = ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'].includes(mode) && !!tls.credentialName;
  if (!usesCredential) {
    if (mode === 'SIMPLE') {
      if (!tls.serverCertificate)
        p.add(`${path}.serverCertificate`, 'SIMPLE TLS requires a server certificate');
      if (!tls.privateKey) p.add(`${path}.privateKey`, 'SIMPLE TLS requires a private key');
    } else if (mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
      if (!tls.serverCertificate)
        p.add(`${path}.serverCertificate`, 'MUTUAL TLS requires a server certificate');
      if (!tls.privateKey) p.add(`${path}.privateKey`, 'MUTUAL TLS requires a private key');
      if (!tls.caCertificates) p.add(`${path}.caCertificates`, 'MUTUAL TLS requires a client CA bundle');
    }
  }
  if (tls.caCrl) {
    if (tls.credentialName)
      p.add(
        `${path}.caCrl`,
        'CRL is not supported with credentialName. CRL has to be specified in the credential',
      );
    if (mode === 'SIMPLE') p.add(`${path}.caCrl`, 'CRL is not supported with SIMPLE TLS');
  }
}
