import type { MtlsMode } from './peerAuthentication.ts';

/** `tls.mode` of a DestinationRule (undefined: no TLS settings, so auto mTLS decides). */
export type ClientTlsSetting = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL' | undefined;

/** What actually goes on the wire from client to server. */
export type WireTls = 'istio_mutual' | 'plaintext' | 'other_tls';

/** Result of one connection attempt: Istio mTLS, plain (or non-Istio TLS), or refused by the server side. */
export type ConnectionSecurity = 'mutual_tls' | 'none' | 'refused';

export interface ConnectionInput {
  clientHasProxy: boolean;
  drTls: ClientTlsSetting;
  serverHasProxy: boolean;
  /** Effective PeerAuthentication mode at the server for the target port (ignored without a proxy). */
  serverMode: MtlsMode;
}

/**
 * What the client sends. An app without a proxy always sends what it was written for
 * (plaintext here). Auto mTLS (istiod's default) sends Istio mTLS only to pods that carry a
 * sidecar and whose PeerAuthentication does not DISABLE it; an explicit DR tls mode overrides it.
 */
export function clientWireTls({
  clientHasProxy,
  drTls,
  serverHasProxy,
  serverMode,
}: ConnectionInput): WireTls {
  if (!clientHasProxy) return 'plaintext';
  switch (drTls) {
    case 'ISTIO_MUTUAL':
      return 'istio_mutual';
    case 'DISABLE':
      return 'plaintext';
    case 'SIMPLE':
    case 'MUTUAL':
      return 'other_tls';
    case undefined:
      return serverHasProxy && serverMode !== 'DISABLE' ? 'istio_mutual' : 'plaintext';
  }
}

/**
 * Whether the server side accepts the connection and how `connection_security_policy` reads.
 * STRICT accepts only Istio mTLS; DISABLE and proxy-less pods cannot terminate Istio mTLS; PERMISSIVE
 * accepts both.
 */
export function connectionSecurity(input: ConnectionInput): ConnectionSecurity {
  const wire = clientWireTls(input);
  if (!input.serverHasProxy) return wire === 'istio_mutual' ? 'refused' : 'none';
  switch (input.serverMode) {
    case 'STRICT':
      return wire === 'istio_mutual' ? 'mutual_tls' : 'refused';
    case 'DISABLE':
      return wire === 'istio_mutual' ? 'refused' : 'none';
    case 'PERMISSIVE':
      return wire === 'istio_mutual' ? 'mutual_tls' : 'none';
  }
}
