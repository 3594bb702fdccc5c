import { computeOpc, Milenage } from '../../crypto/milenage.js';
import { fromHex, toHex } from '../../crypto/bytes.js';
import { recoverSqnMs } from '../../aka/resync.js';
import { sqnToBytes } from '../../aka/sqn.js';
import { hexOption, oneOf, parse } from '../args.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';

export const akaResyncCommand: Command = {
  name: 'aka resync',
  summary: 'Recover SQN_MS from AUTS, verifying MAC-S (TS 33.102 6.3.5)',
  help: `Usage: ciotsec aka resync --k HEX (--op HEX | --opc HEX) --rand HEX --auts HEX [--json]

HSS side of AKA resynchronisation: SQN_MS = AUTS[0..5] xor f5*(RAND), then MAC-S = f1*(SQN_MS, RAND,
AMF=0000) must equal AUTS[6..13]. Prints sqn_ms (6 bytes hex). A MAC-S that does not verify is an
error (exit status 1).

Options:
  --k HEX      subscriber key K, 16 bytes
  --op HEX | --opc HEX   OP or OPc, 16 bytes
  --rand HEX   RAND of the rejected challenge, 16 bytes
  --auts HEX   AUTS from the USIM, 14 bytes
  --json       one JSON object, lower-case hex
  -h, --help   this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      k: { type: 'string' },
      op: { type: 'string' },
      opc: { type: 'string' },
      rand: { type: 'string' },
      auts: { type: 'string' },
    });
    const k = hexOption(values, 'k', 16);
    const which = oneOf(values, 'op', 'opc');
    const opOrOpc = fromHex(which.value, `--${which.name}`, 16);
    const rand = hexOption(values, 'rand', 16);
    const auts = hexOption(values, 'auts', 14);
    const opc = which.name === 'op' ? computeOpc(k, opOrOpc) : opOrOpc;
    const sqnMs = recoverSqnMs(new Milenage(k, opc), rand, auts);
    printResult(io, values.json === true, { sqn_ms: toHex(sqnToBytes(sqnMs)) });
    return 0;
  },
};
