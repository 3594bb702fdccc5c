/** What a DTLS machine asks its adapter to do. The machines never do I/O or keep time themselves. */
export type DtlsOutput =
  | { readonly type: 'send'; readonly datagram: Buffer }
  /** (Re)arm the one timer of this association; a later setTimer replaces it. */
  | { readonly type: 'setTimer'; readonly ms: number }
  | { readonly type: 'clearTimer' }
  /** Server: look the PSK up for this psk_identity and answer with a `psk` input (seed 001 step 5). */
  | { readonly type: 'needPsk'; readonly identity: Buffer }
  | {
      readonly type: 'established';
      readonly cipherSuite: string;
      readonly pskIdentity: Buffer;
      readonly extendedMasterSecret: boolean;
    }
  | { readonly type: 'deliver'; readonly data: Buffer }
  /** An alert we sent (`sent`) or received; fatal alerts are followed by `closed`. */
  | { readonly type: 'alert'; readonly description: number; readonly fatal: boolean; readonly sent: boolean }
  | { readonly type: 'closed'; readonly reason: 'close_notify' | 'alert' | 'timeout' | 'local' };

export type DtlsInput =
  | { readonly type: 'datagram'; readonly data: Buffer }
  /** The timer set by the last setTimer fired. */
  | { readonly type: 'timeout' }
  /** The answer to needPsk; undefined: no key for that identity. */
  | { readonly type: 'psk'; readonly psk: Buffer | undefined }
  /** The PSK lookup failed (threw); the handshake ends with internal_error. */
  | { readonly type: 'pskError' }
  /** Application data to protect and send (established only). */
  | { readonly type: 'send'; readonly data: Buffer }
  /** Close: close_notify when established, then closed. */
  | { readonly type: 'close' };

export interface StepResult<S> {
  readonly state: S;
  readonly outputs: readonly DtlsOutput[];
}

/** Limits and timing shared by both roles (RFC 6347 §4.2.4 timer values by default). */
export interface MachineConfig {
  /** Largest datagram we send (RFC 6347 §4.1.1.1; 1200 keeps clear of IPv6's minimum MTU of 1280). */
  readonly mtu: number;
  readonly initialRetransmitMs: number;
  readonly maxRetransmitMs: number;
  /** Retransmissions of one flight before the handshake is given up. */
  readonly maxRetransmits: number;
  /** Bytes of incomplete handshake messages and early epoch-1 records one handshake may hold. */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_MACHINE_CONFIG: MachineConfig = {
  mtu: 1200,
  initialRetransmitMs: 1000,
  maxRetransmitMs: 60_000,
  maxRetransmits: 6,
  maxBufferedBytes: 4096,
};
