// Typed views of the generated route tables, plus lookups of single parameter schemas (for names that
// arrive outside a REST path, such as a group in a client's joinGroup request).
import { signalRCurrentRoutes, signalRRoutes, webPubSubRoutes } from '../generated/routes.gen.js';
import type { RouteSpec, Schema } from './route-spec.js';

export const webPubSubRouteTable: readonly RouteSpec[] = webPubSubRoutes;
/** SignalR v1: `/api/v1/...` (specs/signalr-v1.yaml). */
export const signalRRouteTable: readonly RouteSpec[] = signalRRoutes;
/** SignalR's current API: `/api/...?api-version=2024-12-01` (specs/signalr.yaml). */
export const signalRCurrentRouteTable: readonly RouteSpec[] = signalRCurrentRoutes;

export function parameterSchema(
  routes: readonly RouteSpec[],
  operationId: string,
  name: string,
): Schema {
  const schema = routes
    .find((route) => route.operationId === operationId)
    ?.parameters.find((p) => p.name === name)?.schema;
  if (!schema) throw new Error(`The route table has no parameter '${name}' on ${operationId}.`);
  return schema;
}
