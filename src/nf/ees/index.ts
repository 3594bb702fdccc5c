export {
  onboardEes,
  type OnboardingCredentials,
  type OnboardOptions,
  type OnboardedEes,
  type EesProfile,
} from './onboard.js';
export { EesRegistrationClient } from './registration-client.js';
export { ecsRequest, type EcsTls, type EcsAnswer } from './clients/ecs.js';
export { csrWithKey } from './csr-with-key.js';
