import { computeOpc, Milenage } from '../../crypto/milenage.js';
import { fromHex, toHex, xor } from '../../crypto/bytes.js';
import { hexOption, oneOf, parse } from '../args.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';

export const milenageCommand: Command = {
  name: 'milenage',
  summary: 'Run Milenage f1..f5* (TS 35.206) and assemble AUTN',
  help: `Usage: ciotsec milenage --k HEX (--op HEX | --opc HEX) --rand HEX --sqn HEX --amf HEX [--json]

Computes OPc, MAC-A (f1), MAC-S (f1*), RES (f2), CK (f3), IK (f4), AK (f5), AK* (f5*) and
AUTN = (SQN xor AK) || AMF || MAC-A (TS 33.102 6.3.2).

Options:
  --k HEX      subscriber key K, 16 bytes
  --op HEX     operator variant OP, 16 bytes (OPc is derived), or
  --opc HEX    OPc, 16 bytes
  --rand HEX   RAND, 16 bytes
  --sqn HEX    SQN, 6 bytes
  --amf HEX    AMF, 2 bytes
  --json       one JSON object, lower-case hex
  -h, --help   this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      k: { type: 'string' },
      op: { type: 'string' },
      opc: { type: 'string' },
      rand: { type: 'string' },
      sqn: { type: 'string' },
      amf: { type: 'string' },
    });
    const k = hexOption(values, 'k', 16);
    const which = oneOf(values, 'op', 'opc');
    const opOrOpc = fromHex(which.value, `--${which.name}`, 16);
    const rand = hexOption(values, 'rand', 16);
    const sqn = hexOption(values, 'sqn', 6);
    const amf = hexOption(values, 'amf', 2);
    const opc = which.name === 'op' ? computeOpc(k, opOrOpc) : opOrOpc;
    const o = new Milenage(k, opc).compute(rand, sqn, amf);
    const autn = Buffer.concat([xor(sqn, o.ak), amf, o.macA]);
    printResult(io, values.json === true, {
      opc: toHex(opc),
      mac_a: toHex(o.macA),
      mac_s: toHex(o.macS),
      res: toHex(o.res),
      ck: toHex(o.ck),
      ik: toHex(o.ik),
      ak: toHex(o.ak),
      ak_star: toHex(o.akStar),
      autn: toHex(autn),
    });
    return 0;
  },
};
