// What an operation called without `options.client` falls back to. There is no shared client to
// configure, so every request through this stand-in rejects with a TypeError that says what to pass
// (instead of `Cannot read properties of undefined`).
import type { Client } from './types.js';

/** A stand-in client whose every method rejects; `helper` names the @hubcast/server function that makes one. */
/* @__NO_SIDE_EFFECTS__ */
export function missingClient(helper: string): Client {
  const reject = () =>
    Promise.reject(
      new TypeError(
        `options.client is missing: pass the client that createClient() returns (or ${helper}() of @hubcast/server, which signs every request)`,
      ),
    );
  const methods = ['connect', 'delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'trace'];
  return Object.fromEntries(
    [...methods, 'request'].map((name) => [name, reject]),
  ) as unknown as Client;
}
