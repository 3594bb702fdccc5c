/** The PSK AEAD suites ciotsec speaks (RFC 6655 §4, RFC 5487 §3.1, RFC 7925 §4.2). */
export interface CipherSuite {
  readonly id: number;
  readonly name: string;
  readonly cipher: 'aes-128-ccm' | 'aes-128-gcm';
  readonly keyLength: 16;
  /** The implicit nonce part, client_write_IV / server_write_IV (RFC 5288 §3, RFC 6655 §3). */
  readonly fixedIvLength: 4;
  /** The explicit nonce carried in each record. */
  readonly recordIvLength: 8;
  readonly tagLength: 8 | 16;
}

export const CipherSuites = {
  TLS_PSK_WITH_AES_128_CCM_8: {
    id: 0xc0a8,
    name: 'TLS_PSK_WITH_AES_128_CCM_8',
    cipher: 'aes-128-ccm',
    keyLength: 16,
    fixedIvLength: 4,
    recordIvLength: 8,
    tagLength: 8,
  },
  TLS_PSK_WITH_AES_128_CCM: {
    id: 0xc0a4,
    name: 'TLS_PSK_WITH_AES_128_CCM',
    cipher: 'aes-128-ccm',
    keyLength: 16,
    fixedIvLength: 4,
    recordIvLength: 8,
    tagLength: 16,
  },
  TLS_PSK_WITH_AES_128_GCM_SHA256: {
    id: 0x00a8,
    name: 'TLS_PSK_WITH_AES_128_GCM_SHA256',
    cipher: 'aes-128-gcm',
    keyLength: 16,
    fixedIvLength: 4,
    recordIvLength: 8,
    tagLength: 16,
  },
} as const satisfies Record<string, CipherSuite>;

export type CipherSuiteName = keyof typeof CipherSuites;

/** Preference order when the peer offers several: the mandatory CCM_8 first (RFC 7925 §4.2). */
export const DEFAULT_CIPHER_SUITES: readonly CipherSuiteName[] = [
  'TLS_PSK_WITH_AES_128_CCM_8',
  'TLS_PSK_WITH_AES_128_CCM',
  'TLS_PSK_WITH_AES_128_GCM_SHA256',
];

const byId = new Map<number, CipherSuite>(Object.values(CipherSuites).map((s) => [s.id, s]));

export function cipherSuiteById(id: number): CipherSuite | undefined {
  return byId.get(id);
}
