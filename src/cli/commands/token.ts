import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  EECS_EES_REGISTRATION_SCOPE,
  issueAccessToken,
  loadOrCreateSigningKey,
} from '../../nf/ecsp-authz/index.js';
import { intOption, parse, requireString } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';

export const tokenIssueCommand: Command = {
  name: 'token issue',
  summary: 'Issue an onboarding access token (RFC 9068 JWT, ES256) as the ECSP authorization server',
  help: `Usage: ciotsec token issue --client ID [--audience A] [--scope S] [--ttl SECONDS] [--issuer URL]
                          [--key FILE] [--out FILE] [--json]

For operators: signs an access token with the ECSP authorization server's key, as the client-credentials
grant would (sub = client_id = ID). Hand it to the EES with the ECS address and the ECSP CA certificate.
The token is single use at the ECS. Written to --out (mode 0600) when given, else printed on stdout.

Options:
  --client ID      the EES provider's client id (required)
  --audience A     the ECS (default urn:ciotsec:ecs)
  --scope S        default eecs-eesregistration
  --ttl SECONDS    lifetime (default 600)
  --issuer URL     iss (default https://127.0.0.1:7202, as serve ecsp-authz/ecs)
  --key FILE       signing key (default <CIOTSEC_ECSP_DIR or ciotsec-data/ecsp>/authz-signing.key; created if absent)
  --out FILE       write the token there instead of stdout
  --json           print { token_file | access_token, client_id, audience, scope, expires_in, jti }
  -h, --help       this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      client: { type: 'string' },
      audience: { type: 'string' },
      scope: { type: 'string' },
      ttl: { type: 'string' },
      issuer: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string' },
    });
    const clientId = requireString(values, 'client');
    const ttl = intOption(values, 'ttl', 10, 86400) ?? 600;
    const keyFile =
      (values.key as string | undefined) ??
      `${process.env['CIOTSEC_ECSP_DIR'] ?? 'ciotsec-data/ecsp'}/authz-signing.key`;
    const { privateKey } = loadOrCreateSigningKey(keyFile);
    const jti = randomUUID();
    const audience = (values.audience as string | undefined) ?? 'urn:ciotsec:ecs';
    const scope = (values.scope as string | undefined) ?? EECS_EES_REGISTRATION_SCOPE;
    const token = await issueAccessToken(privateKey, {
      issuer: (values.issuer as string | undefined) ?? 'https://127.0.0.1:7202',
      clientId,
      audience,
      scope,
      ttlSeconds: ttl,
      jti,
    });
    const out = values.out as string | undefined;
    if (out !== undefined) writeFileSync(out, `${token}\n`, { mode: 0o600 });
    if (values.json === true) {
      io.out(
        JSON.stringify({
          ...(out !== undefined ? { token_file: out } : { access_token: token }),
          client_id: clientId,
          audience,
          scope,
          expires_in: ttl,
          jti,
        }),
      );
    } else if (out === undefined) {
      io.out(token);
    } else {
      io.out(`token for ${clientId} (jti ${jti}, ${ttl} s) written to ${out}`);
    }
    return 0;
  },
};
