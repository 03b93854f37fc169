// The chat's app server. Clients talk to the services, and the services call this app:
// - Web PubSub posts `connect` (checked against the session token in the client's query), each
//   message a client sends (relayed to the room), `connected` and `disconnected` (presence);
// - SignalR Service posts `connected` / `disconnected` (presence) and the hub methods clients invoke
//   (`send`, `whoIsOnline`).
// The app answers through REST with @hubcast/server, to both services, so a message from a plain
// WebSocket reaches SignalR clients and the other way round.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import {
  type ConnectionContext,
  SignalRUpstreamHandler,
  type UserEventRequest,
  WebPubSubEventHandler,
} from '@hubcast/server/events';
import { Sessions } from './sessions.js';

export interface ChatConfig {
  readonly webPubSubConnectionString: string;
  readonly signalRConnectionString: string;
  /** Signs session tokens. */
  readonly secret: string;
  readonly hub?: string;
}

/** What SignalR clients may invoke. */
export interface ChatHub {
  send(text: string): void;
  whoIsOnline(): string[];
}

/** What every client receives: a chat line, or someone coming or going. */
export type ChatEvent =
  | { type: 'message'; from: string; text: string }
  | { type: 'presence'; user: string; online: boolean };

export const ROOM = 'lobby';
export const MAX_TEXT = 500;

export interface ChatApp {
  /** A node:http request listener serving negotiate and both services' calls. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Users with at least one open connection, on either service. */
  online(): string[];
}

export function createChatApp(config: ChatConfig): ChatApp {
  const hub = config.hub ?? 'chat';
  const webPubSub = new WebPubSubServiceClient(config.webPubSubConnectionString, hub);
  const signalR = new SignalRServiceClient(config.signalRConnectionString, hub);
  const sessions = new Sessions(config.secret);
  const connections = new Map<string, number>();

  /** Every client of the room, on both services, gets the event. */
  const publish = async (event: ChatEvent) => {
    const { type, ...payload } = event;
    await Promise.all([
      webPubSub.group(ROOM).sendToAll(event),
      signalR.sendToGroup(ROOM, type, [payload]),
    ]);
  };
  /** Presence changes when a user's first connection opens or last one closes. */
  const presence = async (user: string, delta: 1 | -1) => {
    const count = (connections.get(user) ?? 0) + delta;
    if (count > 0) connections.set(user, count);
    else connections.delete(user);
    if ((delta === 1 && count === 1) || (delta === -1 && count === 0)) {
      await publish({ type: 'presence', user, online: delta === 1 });
    }
  };
  const userOf = (context: ConnectionContext) => context.userId ?? context.connectionId;

  const events = new WebPubSubEventHandler(hub, {
    connectionString: config.webPubSubConnectionString,
    handleConnect(req, res) {
      const user = sessions.verify(req.queries?.session?.[0]);
      if (!user) return res.fail(401, 'Sign in first: connect with the URL from /negotiate.');
      res.success({ userId: user, groups: [ROOM] });
    },
    async handleUserEvent(req, res) {
      const text = textOf(req);
      if (typeof text !== 'string') return res.fail(400, text.problem);
      await publish({ type: 'message', from: userOf(req.context), text });
      res.success(); // the sender sees its own line in the room, like everyone else
    },
    onConnected: (req) => presence(userOf(req.context), 1),
    onDisconnected: (req) => presence(userOf(req.context), -1),
  });

  const upstream = new SignalRUpstreamHandler<ChatHub>({
    connectionString: config.signalRConnectionString,
    hub,
    path: '/api/signalr/',
    handlers: {
      send: async ([text], context) => {
        const checked = checkText(text);
        // The message of what a hub method throws is what the client's invoke() rejects with.
        if (checked) throw new RefusedLine(checked);
        await publish({ type: 'message', from: context.userId ?? context.connectionId, text });
      },
      whoIsOnline: () => [...connections.keys()].sort(),
    },
    onConnected: (context) => presence(context.userId ?? context.connectionId, 1),
    onDisconnected: (context) => presence(context.userId ?? context.connectionId, -1),
    onError: (error, callback) => {
      if (!(error instanceof RefusedLine)) console.error(`chat: ${callback} failed:`, error);
    },
  });

  const eventsMiddleware = events.getMiddleware();
  const upstreamMiddleware = upstream.getMiddleware();
  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://app');
      if (req.method === 'GET' && url.pathname.startsWith('/negotiate/')) {
        negotiate(url).then(
          ([status, body]) => reply(res, status, body),
          () => reply(res, 502, { error: 'The service did not answer.' }),
        );
      } else if (url.pathname.startsWith('/api/webpubsub/')) {
        void eventsMiddleware(req, res);
      } else if (url.pathname.startsWith('/api/signalr/')) {
        void upstreamMiddleware(req, res);
      } else {
        reply(res, 404, { error: 'Try /negotiate/webpubsub?name= or /negotiate/signalr?name=' });
      }
    },
    online: () => [...connections.keys()].sort(),
  };

  /** Hands a signed-in client what it needs to connect to either service. */
  async function negotiate(url: URL): Promise<[number, unknown]> {
    const name = url.searchParams.get('name') ?? '';
    const session = sessions.issue(name);
    if (!session) return [400, { error: 'A name is 1 to 32 letters, digits, _ or -.' }];
    if (url.pathname === '/negotiate/webpubsub') {
      // No userId in the token: the connect handler sets it from the session.
      const { url: clientUrl } = await webPubSub.getClientAccessToken();
      return [200, { url: `${clientUrl}&session=${encodeURIComponent(session)}` }];
    }
    if (url.pathname === '/negotiate/signalr') {
      // A user's group membership also covers the connections the user opens later.
      await signalR.addUserToGroup(name, ROOM);
      return [200, await signalR.negotiate({ userId: name })];
    }
    return [404, { error: 'Negotiate /negotiate/webpubsub or /negotiate/signalr.' }];
  }
}

/** A line the chat does not take; not an error of the app. */
class RefusedLine extends Error {}

function textOf(req: UserEventRequest): string | { problem: string } {
  if (req.context.eventName !== 'message') return { problem: 'Send "message" events.' };
  if (req.dataType === 'binary') return { problem: 'Send text.' };
  const text: unknown = req.data;
  if (typeof text !== 'string') return { problem: 'Send text.' };
  const problem = checkText(text);
  return problem ? { problem } : text;
}

function checkText(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return 'A message is some text.';
  if (text.length > MAX_TEXT) return `A message is at most ${MAX_TEXT} characters.`;
  return undefined;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
