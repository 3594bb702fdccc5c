import { xor } from '../crypto/bytes.js';
import { computeKasme, computeKausf, computeResStar } from '../crypto/derivations.js';
import type { Milenage } from '../crypto/milenage.js';
import { sqnToBytes } from './sqn.js';

/** A UMTS authentication vector (TS 33.102 §6.3.2): RAND, XRES, CK, IK, AUTN. */
export interface AuthVector {
  readonly rand: Buffer;
  readonly xres: Buffer;
  readonly ck: Buffer;
  readonly ik: Buffer;
  readonly autn: Buffer;
  /** Not part of the vector sent out; kept for the key derivations that take SQN ⊕ AK. */
  readonly sqnXorAk: Buffer;
  readonly sqn: number;
}

/**
 * TS 33.102 §6.3.2, Figure 7: AUTN = (SQN ⊕ AK) ‖ AMF ‖ MAC-A.
 *
 * @example
 * const av = generateAuthVector(new Milenage(k, opc), randomBytes(16), 0x20, Buffer.from('8000', 'hex'));
 */
export function generateAuthVector(m: Milenage, rand: Uint8Array, sqn: number, amf: Uint8Array): AuthVector {
  const sqnBytes = sqnToBytes(sqn);
  const out = m.compute(rand, sqnBytes, amf);
  const sqnXorAk = xor(sqnBytes, out.ak);
  const autn = Buffer.concat([sqnXorAk, amf, out.macA]);
  return { rand: Buffer.from(rand), xres: out.res, ck: out.ck, ik: out.ik, autn, sqnXorAk, sqn };
}

/** E-UTRAN vector (TS 33.401 §6.1.1): RAND, XRES, AUTN, K_ASME. */
export interface EpsAuthVector {
  readonly rand: Buffer;
  readonly xres: Buffer;
  readonly autn: Buffer;
  readonly kasme: Buffer;
}

export function toEpsVector(av: AuthVector, snId: Uint8Array): EpsAuthVector {
  return {
    rand: av.rand,
    xres: av.xres,
    autn: av.autn,
    kasme: computeKasme(av.ck, av.ik, snId, av.sqnXorAk),
  };
}

/** 5G HE AV (TS 33.501 §6.1.3.2): RAND, AUTN, XRES*, K_AUSF. */
export interface FiveGHeAuthVector {
  readonly rand: Buffer;
  readonly autn: Buffer;
  readonly xresStar: Buffer;
  readonly kausf: Buffer;
}

export function to5gHeVector(av: AuthVector, servingNetworkName: string): FiveGHeAuthVector {
  return {
    rand: av.rand,
    autn: av.autn,
    xresStar: computeResStar(av.ck, av.ik, servingNetworkName, av.rand, av.xres),
    kausf: computeKausf(av.ck, av.ik, servingNetworkName, av.sqnXorAk),
  };
}
