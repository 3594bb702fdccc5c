export { createSbiServer, closeSbiServer, trackHttp2Sessions, type SbiServerOptions } from './server.js';
export {
  SbiClient,
  SbiTransportError,
  SbiResponseError,
  type SbiClientOptions,
  type SbiResponse,
} from './client.js';
export {
  toProblem,
  HttpProblemError,
  unauthenticated,
  forbidden,
  notFound,
  badRequest,
  PROBLEM_JSON,
  type ProblemDetails,
} from './problem.js';
export { tlsOptions, TLS12_AEAD_CIPHERS, TLS13_CIPHERSUITES, type TlsMaterial } from './tls-profile.js';
