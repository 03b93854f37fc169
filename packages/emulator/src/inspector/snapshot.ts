// Builds the state snapshot from the hub registries of both services, on demand: nothing is kept up
// to date for it, so it costs nothing until someone asks.
import type { HubRegistry } from '../shared/hub-index.js';
import type { SrConnection } from '../signalr/connection.js';
import type { SrHub } from '../signalr/hub.js';
import type { WpsConnection } from '../webpubsub/connection.js';
import type { WpsHub } from '../webpubsub/hub.js';
import type {
  ConnectionRef,
  GroupState,
  SignalRConnectionState,
  SignalRGroupState,
  SignalRHubState,
  UserState,
  WebPubSubConnectionState,
  WebPubSubHubState,
} from './types.js';

export interface InspectedServices {
  readonly webPubSub: HubRegistry<WpsHub>;
  readonly signalR: HubRegistry<SrHub>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: { id: string }, b: { id: string }) => byText(a.id, b.id);

function ref(conn: { id: string; userId: string | undefined }): ConnectionRef {
  return conn.userId === undefined
    ? { connectionId: conn.id }
    : { connectionId: conn.id, userId: conn.userId };
}

function users(hub: WpsHub | SrHub): UserState[] {
  return [...hub.users()]
    .map(([userId, conns]) => ({ userId, connectionIds: [...conns].map((c) => c.id).sort(byText) }))
    .sort((a, b) => byText(a.userId, b.userId));
}

export function webPubSubHubs(registry: HubRegistry<WpsHub>): WebPubSubHubState[] {
  return sortedHubs(registry).map(([name, hub]) => webPubSubHub(name, hub));
}

function webPubSubHub(name: string, hub: WpsHub): WebPubSubHubState {
  return {
    name,
    connections: [...hub.connections.values()].sort(byId).map(webPubSubConnection),
    groups: [...hub.groupNames()].sort(byText).map(
      (group): GroupState => ({
        name: group,
        members: [...hub.groupMembers(group)].sort(byId).map(ref),
      }),
    ),
    users: users(hub),
  };
}

function webPubSubConnection(conn: WpsConnection): WebPubSubConnectionState {
  return {
    ...ref(conn),
    protocol: conn.subprotocol ?? 'plain',
    reliable: conn.codec.reliable,
    state: conn.recovering ? 'recovering' : 'open',
    groups: [...conn.groups].sort(byText),
    roles: conn.roles.list(),
    connectedAt: conn.connectedAt,
    messagesIn: conn.messagesIn,
    messagesOut: conn.messagesOut,
  };
}

export function signalRHubs(registry: HubRegistry<SrHub>): SignalRHubState[] {
  return sortedHubs(registry)
    .map(([name, hub]) => signalRHub(name, hub))
    .filter((hub): hub is SignalRHubState => hub !== undefined);
}

/**
 * One SignalR hub, or undefined when nothing is in it: REST calls create SignalR hub state, which
 * matters only once it holds connections or users' group memberships.
 */
function signalRHub(name: string, hub: SrHub): SignalRHubState | undefined {
  const memberships = [...hub.userMemberships()];
  if (hub.connections.size === 0 && memberships.length === 0) return undefined;
  const groupNames = new Set([...hub.groupNames(), ...memberships.map((m) => m.group)]);
  const groups = [...groupNames].sort(byText).map(
    (group): SignalRGroupState => ({
      name: group,
      members: hub.sortedGroupMembers(group).map(ref),
      users: memberships
        .filter((m) => m.group === group)
        .map(({ userId, expiresAt }) => ({ userId, expiresAt }))
        .sort((a, b) => byText(a.userId, b.userId)),
    }),
  );
  if (hub.connections.size === 0 && memberships.length === 0) return undefined;
  return {
    name,
    connections: [...hub.connections.values()]
      .sort(byId)
      .map((conn) => signalRConnection(hub, conn)),
    groups,
    users: users(hub),
  };
}

function signalRConnection(hub: SrHub, conn: SrConnection): SignalRConnectionState {
  return {
    ...ref(conn),
    transport: conn.transport.kind,
    protocol: conn.protocol.name,
    groups: [...hub.effectiveGroups(conn)].sort(byText),
    connectedAt: conn.connectedAt,
    messagesIn: conn.messagesIn,
    messagesOut: conn.messagesOut,
  };
}

function sortedHubs<H>(registry: HubRegistry<H>): [string, H][] {
  return [...registry.entries()].sort(([a], [b]) => byText(a, b));
}

/** One hub of either service, or undefined when it no longer exists. */
export function hubState(
  services: InspectedServices,
  service: 'webpubsub' | 'signalr',
  name: string,
): WebPubSubHubState | SignalRHubState | undefined {
  const key = name.toLowerCase();
  if (service === 'signalr') {
    const hub = services.signalR.find(key);
    return hub && signalRHub(key, hub);
  }
  const hub = services.webPubSub.find(key);
  return hub && webPubSubHub(key, hub);
}
