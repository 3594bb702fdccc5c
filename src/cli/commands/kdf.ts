import { kdf } from '../../crypto/kdf-3gpp.js';
import { x963Kdf } from '../../crypto/kdf-x963.js';
import { fromHex, toHex } from '../../crypto/bytes.js';
import { InvalidInputError } from '../../errors/base.js';
import { hexOption, intOption, parse, requireString } from '../args.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';

export const kdfCommand: Command = {
  name: 'kdf',
  summary: 'Generic 3GPP KDF of TS 33.220 Annex B.2 (HMAC-SHA-256)',
  help: `Usage: ciotsec kdf --key HEX --fc HEX [--param HEX]... [--json]
       ciotsec kdf x963 --help

Output = HMAC-SHA-256(Key, FC || P0 || L0 || ... || Pn || Ln), Li the 2-byte length of Pi.

Options:
  --key HEX    the key, any length
  --fc HEX     FC, one or two octets (e.g. 10, 6a, ffe0)
  --param HEX  a parameter Pi, repeatable, in order; an empty value ('') is allowed
  --json       one JSON object, lower-case hex
  -h, --help   this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      key: { type: 'string' },
      fc: { type: 'string' },
      param: { type: 'string', multiple: true },
    });
    const key = hexOption(values, 'key');
    const fc = fromHex(requireString(values, 'fc'), '--fc');
    if (fc.length !== 1 && fc.length !== 2) throw new InvalidInputError('--fc', 'must be one or two octets');
    const params = ((values.param as string[] | undefined) ?? []).map((p, i) =>
      fromHex(p, `--param #${i + 1}`),
    );
    printResult(io, values.json === true, { output: toHex(kdf(key, fc, params)) });
    return 0;
  },
};

export const kdfX963Command: Command = {
  name: 'kdf x963',
  summary: 'ANSI X9.63 KDF with SHA-256 (seed 004 Annex KDF-128)',
  help: `Usage: ciotsec kdf x963 --z HEX [--shared-info HEX] --length BYTES [--json]

Output = SHA-256(Z || 00000001 || SharedInfo) || SHA-256(Z || 00000002 || SharedInfo) || ...,
truncated to BYTES octets (ANSI X9.63 / SEC 1 v2 3.6.1).

Options:
  --z HEX            shared secret Z
  --shared-info HEX  SharedInfo (default: empty)
  --length BYTES     output length in octets, 1..65536
  --json             one JSON object, lower-case hex
  -h, --help         this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      z: { type: 'string' },
      'shared-info': { type: 'string' },
      length: { type: 'string' },
    });
    const z = hexOption(values, 'z');
    const si = typeof values['shared-info'] === 'string' ? hexOption(values, 'shared-info') : Buffer.alloc(0);
    requireString(values, 'length');
    const length = intOption(values, 'length', 1, 65536)!;
    printResult(io, values.json === true, { output: toHex(x963Kdf(z, si, length)) });
    return 0;
  },
};
