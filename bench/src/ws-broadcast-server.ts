// The anchor of item 5: a minimal real broadcast server on `ws`, the way ws's README broadcasts. One
// node:http server takes the publish request (POST, the same path, headers and body the emulator gets)
// and the WebSocket upgrades; the body is read once and sent to every open client with `client.send`,
// a text frame for text or JSON and a binary frame otherwise, then the request is answered 202. It
// checks no token and keeps no per-connection state, bounds or counters: everything the emulator does
// beyond this is the price of its behaviour.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

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

export async function startWsBroadcastServer(): Promise<WsBroadcastServer> {
  const server = createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  server.on('request', (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/api/hubs/')) {
      res.writeHead(404).end();
      return;
    }
    readBody(req).then((body) => {
      const binary = !TEXT.test(req.headers['content-type'] ?? '');
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(body, { binary });
      }
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
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
