/**
 * The two curves of seed 004 (Annex XX: "the same ECC domain"), chosen by configuration. Parameters:
 * SEC 2 / FIPS 186-4 D.1.2.3 (P-256) and RFC 5639 §3.4 (brainpoolP256r1). Both have cofactor 1, so a
 * point that is on the curve and not the point at infinity has order n.
 */
export const CURVES = {
  'P-256': {
    nodeName: 'prime256v1',
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    // SubjectPublicKeyInfo up to the point: id-ecPublicKey, prime256v1, BIT STRING of 66 octets (RFC 5480)
    spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
  },
  brainpoolP256r1: {
    nodeName: 'brainpoolP256r1',
    p: 0xa9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377n,
    a: 0x7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9n,
    b: 0x26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6n,
    n: 0xa9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7n,
    // id-ecPublicKey, brainpoolP256r1 (1.3.36.3.3.2.8.1.1.7, RFC 5639 §4.1)
    spkiPrefix: Buffer.from('305a301406072a8648ce3d020106092b2403030208010107034200', 'hex'),
  },
} as const;

export type CurveName = keyof typeof CURVES;

export const CURVE_NAMES = Object.keys(CURVES) as CurveName[];

/** Octets of a field element and of a scalar on both curves. */
export const COORDINATE_LENGTH = 32;

export function isCurveName(s: string): s is CurveName {
  return Object.prototype.hasOwnProperty.call(CURVES, s);
}
