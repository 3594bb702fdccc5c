export { CiotsecError, InvalidInputError, ConfigError } from './base.js';
