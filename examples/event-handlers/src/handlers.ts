// The app's answers to what the services send it, written once and served by both apps (Hono in
// app.ts, Express in express-app.ts). Web PubSub: `connect` decides who may join and as whom, user
// events are checked and answered, `connected`/`disconnected` keep a presence list. SignalR (serverless
// upstream): hub methods clients invoke, typed by the ChatHub interface.
import {
  type ConnectionContext,
  SignalRUpstreamHandler,
  WebPubSubEventHandler,
} from '@hubcast/server/events';

export interface HandlerConfig {
  /** The connection strings of the two services: their access keys verify each request. */
  webPubSubConnectionString: string;
  signalRConnectionString: string;
  hub?: string;
}

/** The hub methods SignalR clients may invoke (`connection.invoke('add', 1, 2)`). */
export interface ChatHub {
  add(a: number, b: number): number;
  rename(name: string): string;
  whoIsOnline(): string[];
}

export interface Handlers {
  webPubSub: WebPubSubEventHandler;
  signalR: SignalRUpstreamHandler<ChatHub>;
  /** Users with an open Web PubSub connection (kept from connected/disconnected). */
  online: Set<string>;
}

const MAX_MESSAGE_LENGTH = 500;

export function createHandlers(config: HandlerConfig): Handlers {
  const online = new Set<string>();
  const hub = config.hub ?? 'chat';
  const userOf = (context: ConnectionContext) => context.userId ?? context.connectionId;

  const webPubSub = new WebPubSubEventHandler(hub, {
    connectionString: config.webPubSubConnectionString,
    // Served at the default path: /api/webpubsub/hubs/{hub}/ (the URL to set as the event handler).
    handleConnect(req, res) {
      // A real app checks a session or a token here. This one takes `?name=` from the client URL.
      const name = req.queries?.name?.[0] ?? req.context.userId;
      if (!name) return res.fail(401, 'connect with ?name=<your name>');
      res.setState('joinedAt', new Date().toISOString());
      res.success({ userId: name, groups: ['lobby'], roles: ['webpubsub.sendToGroup.lobby'] });
    },
    handleUserEvent(req, res) {
      if (req.dataType !== 'text') return res.fail(400, 'send text messages');
      if (req.data.length > MAX_MESSAGE_LENGTH) return res.fail(400, 'message too long');
      // What the service sends back to the sender: here, an acknowledgement with a count.
      const count = Number(req.context.states.count ?? 0) + 1;
      res.setState('count', count);
      res.success(JSON.stringify({ from: userOf(req.context), text: req.data, count }), 'json');
    },
    onConnected(req) {
      online.add(userOf(req.context));
    },
    onDisconnected(req) {
      online.delete(userOf(req.context));
    },
  });

  const signalR = new SignalRUpstreamHandler<ChatHub>({
    connectionString: config.signalRConnectionString,
    hub,
    handlers: {
      add: ([a, b]) => a + b,
      rename: ([name], { userId }) => {
        if (!name.trim()) throw new Error('a name cannot be empty');
        return `${userId ?? 'someone'} is now ${name.trim()}`;
      },
      whoIsOnline: () => [...online].sort(),
    },
  });

  return { webPubSub, signalR, online };
}
