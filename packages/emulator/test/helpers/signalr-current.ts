// For the tests of SignalR's current REST API: the raw @hubcast/signalr-rest/2024-12-01 client signing
// each request the way Microsoft's Management SDK does (aud = the URL without its query), and
// @microsoft/signalr connections that record what they receive and how they closed.
import { createClient } from '@hubcast/signalr-rest/2024-12-01';
import type { HubConnection } from '@microsoft/signalr';
import type { Emulator } from '../helpers.js';
import { eventually, officialSignalRConnection, signToken } from '../helpers.js';

export const V = { 'api-version': '2024-12-01' } as const;

export function currentRestClient(emulator: Emulator) {
  const rest = createClient({ baseUrl: emulator.signalR.endpoint });
  rest.interceptors.request.use(async (request) => {
    const url = new URL(request.url);
    const token = await signToken({ aud: `${url.origin}${url.pathname}` });
    request.headers.set('authorization', `Bearer ${token}`);
    return request;
  });
  return rest;
}

export interface Received {
  readonly target: string;
  readonly args: unknown[];
}

export interface Client {
  readonly connection: HubConnection;
  readonly id: string;
  readonly received: Received[];
  /** The error the connection closed with (the service's close reason), once it closes. */
  readonly closed: Promise<Error | undefined>;
  readonly isClosed: () => boolean;
}

/** Connects @microsoft/signalr as `user` to `hub`, recording invocations of `targets`. */
export async function connectClient(
  emulator: Emulator,
  open: HubConnection[],
  options: { user?: string; hub?: string; targets?: string[]; accessToken?: string } = {},
): Promise<Client> {
  const url = `${emulator.signalR.endpoint}/client/?hub=${options.hub ?? 'chat'}`;
  const accessToken =
    options.accessToken ??
    (await signToken(options.user ? { aud: url, nameid: options.user } : { aud: url }));
  const connection = officialSignalRConnection(url, accessToken);
  const received: Received[] = [];
  for (const target of options.targets ?? ['newMessage']) {
    connection.on(target, (...args: unknown[]) => received.push({ target, args }));
  }
  let done = false;
  const closed = new Promise<Error | undefined>((resolve) =>
    connection.onclose((error) => {
      done = true;
      resolve(error);
    }),
  );
  open.push(connection);
  await connection.start();
  return {
    connection,
    id: connection.connectionId as string,
    received,
    closed,
    isClosed: () => done,
  };
}

export async function until(items: unknown[], count: number): Promise<void> {
  await eventually(() => items.length >= count);
}
