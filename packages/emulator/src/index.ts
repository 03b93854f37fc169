// Public surface of @hubcast/emulator.
export { type EmulatedService, type Emulator, startEmulator } from './emulator.js';
export {
  DEFAULT_ACCESS_KEY,
  DEFAULT_SIGNALR_PORT,
  DEFAULT_WEB_PUBSUB_PORT,
  type EmulatorOptions,
} from './options.js';
export type { Logger } from './shared/logger.js';
