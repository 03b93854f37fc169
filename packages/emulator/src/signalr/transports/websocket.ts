// The WebSockets transport: full duplex over one ws socket. A shared message is written as a
// prebuilt frame (text for JSON, binary for MessagePack), built once for every socket it goes to.
import WebSocket from 'ws';
import { guardedListener, keepCloseCode } from '../../shared/socket-guard.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { HubProtocol } from '../protocols/index.js';
import type { ClientTransport, TransportEnd, TransportSink } from './transport.js';

/** RFC 6455 limits a close reason to 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123;

export class WebSocketTransport implements ClientTransport {
  readonly kind = 'WebSockets';
  readonly transferFormats = ['Text', 'Binary'] as const;
  readonly inherentKeepAlive = false;

  constructor(readonly socket: WebSocket) {}

  bind(sink: TransportSink): void {
    keepCloseCode(this.socket);
    this.socket.on('close', (code) => sink.closed(code));
    this.socket.on(
      'message',
      // With ws's default binaryType every message arrives as one Buffer, text or binary.
      guardedListener(this.socket, (data) => sink.data(data as Buffer)),
    );
  }

  write(message: OutboundMessage, protocol: HubProtocol): void {
    message.webSocketFrame(protocol).sendTo(this.socket);
  }

  end(how: TransportEnd): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (how.final) this.write(how.final, how.protocol);
    const reason = how.reason ?? '';
    this.socket.close(
      how.code,
      Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES ? reason : undefined,
    );
  }
}
