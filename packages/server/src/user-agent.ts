// The User-Agent of every request: `[prefix ]hubcast/<version> (<runtime>)`, so the service's logs and
// a support case show which SDK and runtime sent it. Browsers do not let scripts set User-Agent (and it
// would need CORS approval), so there it goes as `x-ms-useragent`, as the Azure SDKs send it.
import { VERSION } from './version.js';

/** The runtime and its version, as the runtime reports them. Deno and Bun also emulate `process`. */
export function runtimeName(): string {
  // biome-ignore lint/suspicious/noExplicitAny: probing globals that only some runtimes define
  const g = globalThis as any;
  if (g.Deno?.version) return `Deno/${g.Deno.version.deno}`;
  if (g.Bun?.version) return `Bun/${g.Bun.version}`;
  if (g.process?.versions?.node) return `Node.js/${g.process?.versions.node}`;
  // Anything else reports itself as navigator.userAgent: workerd `Cloudflare-Workers`, a browser its own.
  return g.navigator?.userAgent ?? 'unknown runtime';
}

/** The header name and value for a client with `prefix` (from `userAgentOptions.userAgentPrefix`). */
export function userAgentHeader(prefix?: string): [name: string, value: string] {
  const runtime = runtimeName();
  const server = /^(Deno|Bun|Node\.js)\/|^Cloudflare-Workers$/.test(runtime);
  const value = `${prefix ? `${prefix} ` : ''}hubcast/${VERSION} (${runtime})`;
  return [server ? 'user-agent' : 'x-ms-useragent', value];
}
