// The signature both services put on every call to the app: `sha256=<hex HMAC-SHA256(access key,
// connection id)>`, the key as its UTF-8 bytes (reference-cloud-events.md `ce-signature`,
// concept-upstream.md `X-ASRS-Signature`). The services send one value per access key; the emulator
// has one key. Web PubSub writes lower-case hex; SignalR upper case, as Microsoft's SignalR emulator
// does (Common/Utils.cs: BitConverter.ToString). The value never reaches a log line.
import { createHmac } from 'node:crypto';

export function connectionSignature(
  accessKey: string,
  connectionId: string,
  hex: 'lower' | 'upper',
): string {
  const digest = createHmac('sha256', Buffer.from(accessKey, 'utf8'))
    .update(connectionId, 'utf8')
    .digest('hex');
  return `sha256=${hex === 'upper' ? digest.toUpperCase() : digest}`;
}
