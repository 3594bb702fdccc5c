import type { SecureContextOptions, TLSSocket } from 'node:tls';

/**
 * TLS profile for interfaces between network functions, after TS 33.310 Annex E (and TS 33.210 for
 * the edge): TLS 1.2 or 1.3 only, 1.3 preferred (Node negotiates the highest), AEAD cipher suites
 * with ECDHE, certificates on ECDSA P-256.
 */
export const TLS_MIN_VERSION = 'TLSv1.2' as const;

export const TLS12_AEAD_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
].join(':');

export const TLS13_CIPHERSUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
].join(':');

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

export function tlsOptions(m: TlsMaterial): SecureContextOptions & { minVersion: 'TLSv1.2' } {
  return {
    cert: m.cert,
    key: m.key,
    ca: m.ca,
    minVersion: TLS_MIN_VERSION,
    // Node takes the TLS 1.3 suites and the TLS 1.2 ciphers in one list.
    ciphers: `${TLS13_CIPHERSUITES}:${TLS12_AEAD_CIPHERS}`,
    ecdhCurve: 'X25519:P-256:P-384',
    honorCipherOrder: true,
  };
}

export function isTlsSocket(s: unknown): s is TLSSocket {
  return typeof s === 'object' && s !== null && typeof (s as TLSSocket).getPeerCertificate === 'function';
}
