// Loopback servers whose TLS handshake fails, as a real client meets them: a TLS server with a
// throwaway self-signed certificate (made at test time with openssl; no key is committed), a TCP
// server that closes every connection before the handshake completes, and a plain HTTP server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import type { FetchLike } from '../../src/index.js';
import { makeClient, type Service } from './fault-cases.js';
import { startFaultServer } from './fault-server.js';

export const TLS_FAULTS = [
  'a self-signed certificate',
  'a peer that closes during the handshake',
  'a plain HTTP server',
] as const;
export type TlsFault = (typeof TLS_FAULTS)[number];

let certificate: { key: Buffer; cert: Buffer } | undefined;

/** A self-signed certificate for localhost and 127.0.0.1, valid for a day, made once per process. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'hubcast-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    // openssl ships with Debian (and every CI image of this project); .ci/run installs it if missing.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    certificate = { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return certificate;
}

export interface TlsFailingServer {
  port: number;
  /** TCP connections accepted: one per attempt that reached the server. */
  connections: number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 at which an https request fails in the handshake with `fault`. */
export async function startTlsFailingServer(fault: TlsFault): Promise<TlsFailingServer> {
  const server: Server =
    fault === 'a self-signed certificate'
      ? createTlsServer(selfSignedCertificate(), (socket) => socket.destroy())
      : fault === 'a plain HTTP server'
        ? createHttpServer((_req, res) => res.end('plain http'))
        : createTcpServer((socket) => socket.destroy());
  const state = { port: 0, connections: 0, close: () => Promise.resolve() };
  server.on('connection', (socket) => {
    state.connections++;
    socket.on('error', () => {});
  });
  // The client's failed handshake is reported on the server too; that is the point.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  return state;
}

/**
 * A fault-matrix client of an https endpoint whose handshake fails with `fault`. Its fetch is the real
 * one; from attempt `failures + 1` on it goes to a healthy (http) fault server instead, which counts
 * what it could have processed.
 */
export async function tlsFaultSetup(service: Service, fault: TlsFault, failures: number) {
  const failing = await startTlsFailingServer(fault);
  const healthy = await startFaultServer();
  const origin = `https://127.0.0.1:${failing.port}`;
  let attempts = 0;
  const fetchOrHeal: FetchLike = (input, init) => {
    attempts++;
    const url = String(input);
    return fetch(attempts > failures ? healthy.url + url.slice(origin.length) : url, init);
  };
  const client = makeClient(service, failing.port, { fetch: fetchOrHeal }, 'https');
  const close = async () => {
    await failing.close();
    await healthy.close();
  };
  return { client, failing, healthy, origin, attempts: () => attempts, close };
}
