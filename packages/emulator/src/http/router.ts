// Matches a request against the generated route table. Literal segments (`:send`, `groups`) win over
// template segments so `/connections/{id}/:send` never reads ":send" as an id.
import type { RouteSpec } from './route-spec.js';

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly segments: readonly { readonly literal?: string; readonly param?: string }[];
  readonly literals: number;
}

export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly route: RouteSpec;
      readonly pathParams: Record<string, string>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'bad-path'; readonly message: string }
  | { readonly kind: 'not-found' };

export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteSpec[]) {
    this.#routes = routes
      .map((spec) => {
        const segments = spec.path
          .split('/')
          .slice(1)
          .map((s) => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s }));
        return { spec, segments, literals: segments.filter((s) => s.literal !== undefined).length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  /** `rawPath` is the still-encoded pathname; each segment is decoded once, after splitting. */
  match(method: string, rawPath: string): RouteMatch {
    let decoded: string[];
    try {
      decoded = rawPath.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return { kind: 'bad-path', message: 'The request path is not valid percent-encoding.' };
    }
    const candidates: { route: CompiledRoute; pathParams: Record<string, string> }[] = [];
    for (const route of this.#routes) {
      const pathParams = matchSegments(route, decoded);
      if (pathParams) candidates.push({ route, pathParams });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    // HTTP gives HEAD the semantics of GET, so GET-only existence checks also answer HEAD.
    const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    for (const m of wanted) {
      const hit = candidates.find((c) => c.route.spec.method === m);
      if (hit) return { kind: 'found', route: hit.route.spec, pathParams: hit.pathParams };
    }
    return { kind: 'method-not-allowed', allowed: candidates.map((c) => c.route.spec.method) };
  }
}

function matchSegments(route: CompiledRoute, decoded: string[]): Record<string, string> | null {
  if (route.segments.length !== decoded.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < decoded.length; i++) {
    const seg = route.segments[i];
    const value = decoded[i] ?? '';
    if (seg?.literal !== undefined) {
      if (seg.literal !== value) return null;
    } else if (seg?.param !== undefined) {
      // Empty values still match so the validator can answer 400 (minLength) instead of 404.
      params[seg.param] = value;
    }
  }
  return params;
}
