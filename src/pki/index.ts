export { createCa, issueNfCertificate, type PemPair, type IssueOptions } from './ca.js';
export {
  parseNfSpec,
  nfUri,
  nfIdString,
  nfIdentityOf,
  PeerIdentityError,
  type NfIdentity,
} from './identity.js';
export { initPki, nfFiles, loadTls, PkiError, type TlsFiles } from './pki-dir.js';
export { createCsr, verifyCsr, issueFromCsr, CsrError, type CsrIssueOptions } from './csr.js';
export { initEcspDir, loadEcspCa, ecspServerTls, ECSP_FUNCTIONS, type EcspFunction } from './ecsp-dir.js';
export {
  issueDeviceCertificate,
  verifyDeviceCertificate,
  parseRootCertificate,
  CertificateError,
  CERT_ROLE,
  type CertRole,
  type IssueDeviceCertOptions,
  type VerifiedCertificate,
} from './device-certificates.js';
export {
  createDevicePki,
  writeDevicePki,
  loadDevicePki,
  devicePkiExists,
  type DevicePki,
  type CertAndKey,
} from './device-pki.js';
