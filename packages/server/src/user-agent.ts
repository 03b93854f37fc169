// The User-Agent of every request: `[prefix ]hubcast/<version> (<runtime>/<version>)`, so the service's
// logs and a support case show which SDK and runtime sent it. Browsers do not let scripts set
// User-Agent (and it would need CORS approval), so there it goes as `x-ms-useragent`, as the Azure SDKs
// send it.
import { VERSION } from './version.js';

/** The header name and value for a client with `prefix` (from `userAgentOptions.userAgentPrefix`). */
export function userAgentHeader(prefix?: string): [name: string, value: string] {
  // biome-ignore lint/suspicious/noExplicitAny: probing globals that only some runtimes define
  const g = globalThis as any;
  // Deno and Bun also emulate `process`, so they are asked first; workerd reports
  // `Cloudflare-Workers` as navigator.userAgent, a browser its own.
  const runtime = g.Deno
    ? `Deno/${g.Deno.version.deno}`
    : g.Bun
      ? `Bun/${g.Bun.version}`
      : g.process?.versions?.node
        ? `Node.js/${g.process?.versions.node}`
        : g.navigator?.userAgent;
  return [
    g.document ? 'x-ms-useragent' : 'user-agent',
    `${prefix ? `${prefix} ` : ''}hubcast/${VERSION} (${runtime})`,
  ];
}
