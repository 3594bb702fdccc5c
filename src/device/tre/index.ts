export {
  TreSimulator,
  TreAbortError,
  isSnOf,
  type TreManufactureOptions,
  type TreCredentialsOut,
  type Connectivity,
} from './tre.js';
