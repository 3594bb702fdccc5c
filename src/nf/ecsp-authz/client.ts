import { connect, constants } from 'node:http2';
import { OAuthError } from './errors.js';
import { TOKEN_PATH } from './api/token.js';
import type { TokenResponse } from './procedures/client-credentials.js';

/**
 * Asks the ECSP's authorization server for an access token with the client-credentials grant (RFC 6749
 * §4.4), authenticating with HTTP Basic over server-authenticated TLS (`caPem` is the ECSP CA).
 */
export function requestAccessToken(
  url: string,
  caPem: string,
  client: { clientId: string; clientSecret: string },
  scope?: string,
): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    ...(scope !== undefined ? { scope } : {}),
  });
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
    'utf8',
  ).toString('base64');
  return new Promise((resolve, reject) => {
    const s = connect(url, { ca: caPem });
    s.on('error', reject);
    const req = s.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: TOKEN_PATH,
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic}`,
    });
    let status = 0;
    let data = '';
    req.on('response', (h) => (status = Number(h[constants.HTTP2_HEADER_STATUS])));
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('error', reject);
    req.on('end', () => {
      s.close();
      try {
        const body = JSON.parse(data) as TokenResponse & { error?: string; error_description?: string };
        if (status === 200) resolve(body);
        else
          reject(
            new OAuthError(
              status === 401 ? 401 : 400,
              (body.error ?? 'invalid_request') as 'invalid_request',
              body.error_description ?? `HTTP ${status}`,
            ),
          );
      } catch (cause) {
        reject(new OAuthError(400, 'invalid_request', `token endpoint answered HTTP ${status}`));
        void cause;
      }
    });
    req.end(form.toString());
  });
}
