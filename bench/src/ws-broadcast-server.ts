// The anchors of item 5: broadcast servers on `ws` that take the publish request (POST, the same path,
// headers and body the emulator gets) and the WebSocket upgrades on one node:http server, read the body
// once and send it to every open client, a text frame for text or JSON, then answer 202. They check no
// token and keep no per-connection state, bounds or counters.
// - `minimal`: what a real broadcast server on ws does, the way ws's README broadcasts: `client.send`
//   per client (ws frames the message again for each one, and writes each frame at once).
// - `tuned`: the two techniques the emulator uses, with nothing else: the frame is built once per
//   message, and frames to one socket within one event-loop turn leave in one write. This is the
//   limit of Node + ws on the machine, not a server anyone would write without a reason.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as ws from 'ws';
import WebSocket, { WebSocketServer } from 'ws';

export type WsServerKind = 'minimal' | 'tuned';

export interface WsBroadcastServer {
  readonly origin: string;
  readonly server: Server;
  close(): Promise<void>;
}

const TEXT = /^(application\/json|text\/)/i;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

type Broadcast = (clients: Set<WebSocket>, body: Buffer, binary: boolean) => void;

const minimal: Broadcast = (clients, body, binary) => {
  for (const client of clients) {
    if (client.readyState === WebSocket.OPEN) client.send(body, { binary });
  }
};

/** ws's own framing function (exported by ws 8, not in its types). */
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: object): Buffer[] };
};

/** Sockets corked in this turn; uncorked together once its I/O callbacks ran. */
const corked = new Set<Duplex>();
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.clear();
};

const tuned: Broadcast = (clients, body, binary) => {
  const opcode = binary ? 2 : 1;
  const options = { fin: true, opcode, mask: false, readOnly: true, rsv1: false };
  const frame = Buffer.concat(Sender.frame(body, options));
  for (const client of clients) {
    if (client.readyState !== WebSocket.OPEN) continue;
    // ws's underlying net.Socket (ws 8, no permessage-deflate: ws writes frames to it directly too).
    const socket = (client as unknown as { _socket: Duplex })._socket;
    if (!corked.has(socket)) {
      if (corked.size === 0) setImmediate(uncorkAll);
      socket.cork();
      corked.add(socket);
    }
    socket.write(frame);
  }
};

export async function startWsBroadcastServer(kind: WsServerKind): Promise<WsBroadcastServer> {
  const broadcast = kind === 'tuned' ? tuned : minimal;
  const server = createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  server.on('request', (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/api/hubs/')) {
      res.writeHead(404).end();
      return;
    }
    readBody(req).then((body) => {
      broadcast(wss.clients, body, !TEXT.test(req.headers['content-type'] ?? ''));
      res.writeHead(202, { 'content-length': '0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
