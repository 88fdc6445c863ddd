import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface ServingCert {
  /** PEM; self-signed, so it is also the CA clients trust (the kubeconfig's certificate-authority-data). */
  cert: string;
  key: string;
}

/**
 * A self-signed serving certificate for the API, made at start as kube-apiserver does without
 * `--tls-cert-file`. With authentication on the API speaks HTTPS: kubectl sends credentials only
 * over TLS (plain HTTP gets them silently dropped).
 */
export async function servingCert(hosts: readonly string[]): Promise<ServingCert> {
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])].filter(
    (h) => h !== '0.0.0.0' && h !== '::',
  );
  const pems = await generate([{ name: 'commonName', value: 'mesh-sim' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
