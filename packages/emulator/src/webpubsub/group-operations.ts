// `:addToGroups` / `:removeFromGroups`: every connection the OData filter selects joins or leaves every
// listed group. Bounded: at most MAX_GROUPS_PER_REQUEST groups a request and MAX_GROUPS_PER_CONNECTION
// groups a connection (400 past either, before anything changes), and a large operation yields to the
// event loop every YIELD_EVERY memberships so other clients keep being served.
import { HttpError } from '../http/respond.js';
import { parameterSchema, webPubSubRouteTable } from '../http/route-table.js';
import { checkValue } from '../http/validate.js';
import { groupLimitMessage, MAX_GROUPS_PER_CONNECTION, type WpsHub } from './hub.js';
import type { FilterPredicate } from './odata-filter.js';

/** The emulator's bound (the service documents none): one request can fill one connection's groups. */
export const MAX_GROUPS_PER_REQUEST = MAX_GROUPS_PER_CONNECTION;
const YIELD_EVERY = 10_000;

const groupSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_AddConnectionToGroup', 'group');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function changeGroups(
  hub: WpsHub,
  body: unknown,
  action: 'join' | 'leave',
  filterOf: (text: string | undefined) => FilterPredicate | undefined,
): Promise<void> {
  const { groups: listed = [], filter } = (body ?? {}) as { groups?: string[]; filter?: string };
  const groups = [...new Set(listed)];
  if (groups.length > MAX_GROUPS_PER_REQUEST) {
    throw new HttpError(
      400,
      'InvalidRequestBody',
      `At most ${MAX_GROUPS_PER_REQUEST} groups may be given in one request; ${groups.length} were.`,
      'groups',
    );
  }
  for (const [i, group] of groups.entries()) {
    const problem = checkValue(group, groupSchema, `groups[${i}]`);
    if (problem) throw new HttpError(400, 'InvalidRequestBody', problem, 'groups');
  }
  const predicate = filterOf(filter);
  const targets = [...hub.connections.values()].filter((conn) => !predicate || predicate(conn));
  if (action === 'join') {
    for (const conn of targets) {
      const added = groups.reduce((n, g) => n + (conn.groups.has(g) ? 0 : 1), 0);
      if (conn.groups.size + added > MAX_GROUPS_PER_CONNECTION) {
        throw new HttpError(400, 'InvalidRequestBody', groupLimitMessage(conn.id), 'groups');
      }
    }
  }
  let done = 0;
  for (const conn of targets) {
    // A connection that left while this operation yielded must not be put back in groups.
    if (conn.ended) continue;
    for (const group of groups) {
      if (action === 'join') hub.tryJoin(conn, group);
      else hub.leave(conn, group);
    }
    done += groups.length;
    if (done >= YIELD_EVERY) {
      done = 0;
      await nextTurn();
    }
  }
}
