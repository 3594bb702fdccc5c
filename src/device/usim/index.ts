export { UsimSimulator, type UsimOptions } from './usim.js';
export { usimChannels, type UsimChallengeEvent } from './events.js';
