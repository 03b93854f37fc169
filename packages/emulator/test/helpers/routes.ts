// Concrete requests for the generated route tables: every operation of both services with valid path
// parameters and a body it accepts, so suites cover a route the moment the specs add it.
import type { RouteSpec, Schema } from '../../src/http/route-spec.js';
import {
  signalRCurrentRouteTable,
  signalRRouteTable,
  webPubSubRouteTable,
} from '../../src/http/route-table.js';

export type ServiceName = 'webPubSub' | 'signalR';

export interface ServiceRoute {
  readonly service: ServiceName;
  readonly route: RouteSpec;
}

/** Every REST operation of both services (SignalR's v1 and current APIs). */
export const allRoutes: readonly ServiceRoute[] = [
  ...webPubSubRouteTable.map((route) => ({ service: 'webPubSub' as const, route })),
  ...signalRRouteTable.map((route) => ({ service: 'signalR' as const, route })),
  ...signalRCurrentRouteTable.map((route) => ({ service: 'signalR' as const, route })),
];

/** A concrete path for a template, with values that need escaping (enums get their first value). */
export function samplePath(route: RouteSpec): { path: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = route.parameters.find((p) => p.name === name)?.schema;
    const first = schema?.enum?.[0];
    values[name] = name === 'hub' ? 'chat' : typeof first === 'string' ? first : `${name} a/b#é`;
    return encodeURIComponent(values[name] as string);
  });
  return { path, values };
}

/** Path plus the required query parameters that have no default (none today, but specs change). */
export function sampleUrl(endpoint: string, route: RouteSpec): string {
  const url = new URL(samplePath(route).path, endpoint);
  for (const param of route.parameters) {
    if (param.in !== 'query') continue;
    const value = param.schema.default ?? (param.required ? sampleValue(param.schema) : undefined);
    if (value !== undefined) url.searchParams.append(param.name, String(value));
  }
  return url.href;
}

/** A body the route accepts: text where allowed, else JSON built from the schema. */
export function sampleBody(route: RouteSpec): { body: string; contentType: string } | undefined {
  const spec = route.requestBody;
  if (!spec) return undefined;
  if (spec.contentTypes.includes('text/plain')) return { body: 'hello', contentType: 'text/plain' };
  const schema = spec.schemas['application/json'] ?? {};
  return { body: JSON.stringify(sampleValue(schema)), contentType: 'application/json' };
}

function sampleValue(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // `filter` is OData: an arbitrary string would be a 400, and it is optional.
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (name !== 'filter') out[name] = sampleValue(property);
      }
      return out;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return 'x';
  }
}
