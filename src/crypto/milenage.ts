import { createCipheriv, type Cipher } from 'node:crypto';
import { requireLength } from './bytes.js';

// TS 35.206 §4.1: rotation constants r1..r5 in bits (all multiples of 8, so rotations are byte moves)
// and the additive constants c1..c5, of which only the last byte is non-zero.
const R_BYTES = [8, 0, 4, 8, 12] as const;
const C_LAST = [0x00, 0x01, 0x02, 0x04, 0x08] as const;

/** Every output of one Milenage run (TS 35.206 §4.1), with the lengths of TS 35.206 Table 1. */
export interface MilenageOutput {
  /** f1: MAC-A, 8 bytes */
  readonly macA: Buffer;
  /** f1*: MAC-S, 8 bytes */
  readonly macS: Buffer;
  /** f2: RES, 8 bytes */
  readonly res: Buffer;
  /** f3: CK, 16 bytes */
  readonly ck: Buffer;
  /** f4: IK, 16 bytes */
  readonly ik: Buffer;
  /** f5: AK, 6 bytes */
  readonly ak: Buffer;
  /** f5*: AK*, 6 bytes */
  readonly akStar: Buffer;
}

function newAes(k: Uint8Array): Cipher {
  requireLength(k, 16, 'k');
  // ECB without padding is a streaming block encryptor: every update() of whole blocks returns their
  // encryptions, so one cipher serves every call for this K (no final()).
  return createCipheriv('aes-128-ecb', k, null).setAutoPadding(false);
}

/** OPc = OP ⊕ E_K(OP) (TS 35.206 §4.1). */
export function computeOpc(k: Uint8Array, op: Uint8Array): Buffer {
  requireLength(op, 16, 'op');
  const e = newAes(k).update(op);
  for (let i = 0; i < 16; i++) e[i]! ^= op[i]!;
  return e;
}

/**
 * Milenage (TS 35.206) for one subscriber: holds one AES cipher for K, reused by every call.
 * All five output blocks are encrypted in one call once TEMP is known.
 *
 * @example
 * const m = new Milenage(k, opc);
 * const { res, ck, ik, ak, macA } = m.compute(rand, sqn, amf);
 */
export class Milenage {
  readonly #aes: Cipher;
  readonly #opc: Buffer;

  constructor(k: Uint8Array, opc: Uint8Array) {
    requireLength(opc, 16, 'opc');
    this.#aes = newAes(k);
    this.#opc = Buffer.from(opc);
  }

  static fromOp(k: Uint8Array, op: Uint8Array): Milenage {
    return new Milenage(k, computeOpc(k, op));
  }

  /** TEMP = E_K(RAND ⊕ OPc) */
  #temp(rand: Uint8Array): Buffer {
    requireLength(rand, 16, 'rand');
    const x = Buffer.allocUnsafe(16);
    for (let i = 0; i < 16; i++) x[i] = rand[i]! ^ this.#opc[i]!;
    return this.#aes.update(x);
  }

  /**
   * Fills `out` (at `offset`) with the input block of OUTn: rot(X ⊕ OPc, rn) ⊕ cn, where for n=1
   * X = IN1 and TEMP is added after the rotation, and for n=2..5 X = TEMP.
   */
  #fillBlock(out: Buffer, offset: number, n: number, x: Uint8Array, addTemp: Uint8Array | undefined): void {
    const r = R_BYTES[n - 1]!;
    const opc = this.#opc;
    for (let i = 0; i < 16; i++) {
      const j = (i + r) & 15; // rot(x, r)[i] = x[i + r/8 mod 16]
      out[offset + i] = x[j]! ^ opc[j]! ^ (addTemp === undefined ? 0 : addTemp[i]!);
    }
    out[offset + 15]! ^= C_LAST[n - 1]!;
  }

  /** OUTn ⊕ OPc for the encrypted blocks in `enc` (in place). */
  #finish(enc: Buffer): void {
    const opc = this.#opc;
    for (let b = 0; b < enc.length; b += 16) for (let i = 0; i < 16; i++) enc[b + i]! ^= opc[i]!;
  }

  static #in1(sqn: Uint8Array, amf: Uint8Array): Buffer {
    requireLength(sqn, 6, 'sqn');
    requireLength(amf, 2, 'amf');
    const in1 = Buffer.allocUnsafe(16);
    in1.set(sqn, 0);
    in1.set(amf, 6);
    in1.set(sqn, 8);
    in1.set(amf, 14);
    return in1;
  }

  /** f1, f1*, f2, f3, f4, f5, f5* in two AES calls: TEMP, then OUT1..OUT5 together. */
  compute(rand: Uint8Array, sqn: Uint8Array, amf: Uint8Array): MilenageOutput {
    const in1 = Milenage.#in1(sqn, amf);
    const temp = this.#temp(rand);
    const blocks = Buffer.allocUnsafe(80);
    this.#fillBlock(blocks, 0, 1, in1, temp);
    for (let n = 2; n <= 5; n++) this.#fillBlock(blocks, (n - 1) * 16, n, temp, undefined);
    const out = this.#aes.update(blocks);
    this.#finish(out);
    return {
      macA: out.subarray(0, 8),
      macS: out.subarray(8, 16),
      res: out.subarray(24, 32),
      ak: out.subarray(16, 22),
      ck: out.subarray(32, 48),
      ik: out.subarray(48, 64),
      akStar: out.subarray(64, 70),
    };
  }

  /** f1 and f1* (OUT1): MAC-A and MAC-S over SQN‖RAND‖AMF. */
  f1(rand: Uint8Array, sqn: Uint8Array, amf: Uint8Array): { macA: Buffer; macS: Buffer } {
    const in1 = Milenage.#in1(sqn, amf);
    const temp = this.#temp(rand);
    const block = Buffer.allocUnsafe(16);
    this.#fillBlock(block, 0, 1, in1, temp);
    const out = this.#aes.update(block);
    this.#finish(out);
    return { macA: out.subarray(0, 8), macS: out.subarray(8, 16) };
  }

  /** f2..f5 (OUT2..OUT4): RES, CK, IK and AK, which depend on RAND only. */
  f2345(rand: Uint8Array): { res: Buffer; ck: Buffer; ik: Buffer; ak: Buffer } {
    const temp = this.#temp(rand);
    const blocks = Buffer.allocUnsafe(48);
    for (let n = 2; n <= 4; n++) this.#fillBlock(blocks, (n - 2) * 16, n, temp, undefined);
    const out = this.#aes.update(blocks);
    this.#finish(out);
    return {
      res: out.subarray(8, 16),
      ak: out.subarray(0, 6),
      ck: out.subarray(16, 32),
      ik: out.subarray(32, 48),
    };
  }

  /** f5* (OUT5): AK* used to conceal SQN_MS in AUTS. */
  f5star(rand: Uint8Array): Buffer {
    const temp = this.#temp(rand);
    const block = Buffer.allocUnsafe(16);
    this.#fillBlock(block, 0, 5, temp, undefined);
    const out = this.#aes.update(block);
    this.#finish(out);
    return out.subarray(0, 6);
  }
}
