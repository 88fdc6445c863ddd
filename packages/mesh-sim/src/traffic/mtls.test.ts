import { describe, expect, it } from 'vitest';
import { connectionSecurity, type ClientTlsSetting } from './mtls.ts';
import type { MtlsMode } from './peerAuthentication.ts';

type Row = [client: boolean, dr: ClientTlsSetting, server: boolean, mode: MtlsMode, expected: string];

describe('connectionSecurity (auto mTLS x DestinationRule TLS x PeerAuthentication x sidecars)', () => {
  it.each<Row>([
    // Auto mTLS between sidecars.
    [true, undefined, true, 'PERMISSIVE', 'mutual_tls'],
    [true, undefined, true, 'STRICT', 'mutual_tls'],
    [true, undefined, true, 'DISABLE', 'none'],
    // Unmeshed client: plaintext, refused by STRICT.
    [false, undefined, true, 'PERMISSIVE', 'none'],
    [false, undefined, true, 'STRICT', 'refused'],
    [false, undefined, true, 'DISABLE', 'none'],
    [false, 'ISTIO_MUTUAL', true, 'PERMISSIVE', 'none'],
    // Server without sidecar: auto mTLS falls back to plaintext; forced Istio mTLS fails.
    [true, undefined, false, 'STRICT', 'none'],
    [true, 'ISTIO_MUTUAL', false, 'PERMISSIVE', 'refused'],
    [false, undefined, false, 'PERMISSIVE', 'none'],
    // Explicit DestinationRule TLS.
    [true, 'DISABLE', true, 'PERMISSIVE', 'none'],
    [true, 'DISABLE', true, 'STRICT', 'refused'],
    [true, 'ISTIO_MUTUAL', true, 'DISABLE', 'refused'],
    [true, 'ISTIO_MUTUAL', true, 'STRICT', 'mutual_tls'],
    [true, 'SIMPLE', true, 'PERMISSIVE', 'none'],
    [true, 'MUTUAL', true, 'STRICT', 'refused'],
  ])(
    'client proxy %s, DR %s, server proxy %s, %s -> %s',
    (clientHasProxy, drTls, serverHasProxy, serverMode, expected) => {
      expect(connectionSecurity({ clientHasProxy, drTls, serverHasProxy, serverMode })).toBe(expected);
    },
  );
});
