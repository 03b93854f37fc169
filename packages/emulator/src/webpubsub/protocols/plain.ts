// Plain WebSockets (no subprotocol, or one the service does not define): a data message is its payload
// as is, text for json/text and binary otherwise (concept-client-protocols.md, "simple WebSocket
// client"). Plain clients have no requests and no control frames; their frames are `message` events.
import { BroadcastFrame } from '../../shared/broadcast-frame.js';
import type { WpsCodec } from './types.js';

export const plainCodec: WpsCodec = {
  subprotocol: undefined,
  reliable: false,
  binaryFrames: false,
  decode: () => ({ type: 'invalid', code: 1003, reason: 'Plain WebSockets send user events.' }),
  control: () => undefined,
  sharedFrame: (message) =>
    new BroadcastFrame(
      message.payload,
      message.dataType === 'binary' || message.dataType === 'protobuf',
    ),
  numberedFrame: () => {
    throw new Error('Plain WebSockets are never reliable.');
  },
};
