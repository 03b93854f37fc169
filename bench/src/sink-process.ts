// Child process of item 1: a loopback HTTP sink that answers a Web PubSub sendToAll (POST
// /api/hubs/{hub}/:send, bearer token, JSON body) with 202 and an empty body, as the service does.
// Anything else gets 400, so a contender that sends a wrong request fails instead of scoring.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let accepted = 0;

const server = createServer((req, res) => {
  const ok =
    req.method === 'POST' &&
    req.url?.startsWith('/api/hubs/bench/:send?api-version=') === true &&
    req.headers.authorization?.startsWith('Bearer ey') === true &&
    req.headers['content-type']?.startsWith('application/json') === true;
  req.resume();
  req.on('end', () => {
    if (ok) accepted++;
    res.writeHead(ok ? 202 : 400, { 'content-length': '0' });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'count') process.send?.({ type: 'count', accepted });
});
process.on('disconnect', () => process.exit(0));
