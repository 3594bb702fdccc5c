// Baseline only: Milenage written the straightforward way — a new AES cipher for every block, one
// block per call, as a direct port of the TS 35.206 pseudo-code would. Used by bench/run.ts to show
// what reusing one cipher per K and batching OUT1..OUT5 buys; checked against the real one first.
import { createCipheriv } from 'node:crypto';

function e(k: Buffer, block: Buffer): Buffer {
  return createCipheriv('aes-128-ecb', k, null).setAutoPadding(false).update(block);
}

function rot(x: Buffer, bytes: number): Buffer {
  return Buffer.concat([x.subarray(bytes), x.subarray(0, bytes)]);
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((v, i) => v ^ b[i]!));
}

const c = (n: number): Buffer => {
  const b = Buffer.alloc(16);
  b[15] = n;
  return b;
};

export function naiveVector(k: Buffer, opc: Buffer, rand: Buffer, sqn: Buffer, amf: Buffer) {
  const temp = e(k, xor(rand, opc));
  const in1 = Buffer.concat([sqn, amf, sqn, amf]);
  const out1 = xor(e(k, xor(temp, xor(rot(xor(in1, opc), 8), c(0)))), opc);
  const out2 = xor(e(k, xor(rot(xor(temp, opc), 0), c(1))), opc);
  const out3 = xor(e(k, xor(rot(xor(temp, opc), 4), c(2))), opc);
  const out4 = xor(e(k, xor(rot(xor(temp, opc), 8), c(4))), opc);
  const out5 = xor(e(k, xor(rot(xor(temp, opc), 12), c(8))), opc);
  const ak = out2.subarray(0, 6);
  return {
    autn: Buffer.concat([xor(sqn, ak), amf, out1.subarray(0, 8)]),
    xres: out2.subarray(8, 16),
    ck: out3,
    ik: out4,
    akStar: out5.subarray(0, 6),
  };
}
