// @ts-check
// The code every runtime of the matrix runs, with nothing but fetch: it asks the harness for
// connection strings, mints a Web PubSub client token and a SignalR negotiate token with the built
// @hubcast/server (with the classes, and again with @hubcast/server/token), hands them to the harness (which connects real clients with them and answers
// with a nonce), then sends the nonce through both services (SignalR on both of its REST APIs) and
// reports back. Last, it serves the service-to-app requests the harness signed (CloudEvents, SignalR
// upstream) through the handlers of @hubcast/server/events and reports the answers, which the harness
// checks. It also reports the User-Agent each request carried, which the harness checks per runtime.
import { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import { SignalRUpstreamHandler, WebPubSubEventHandler } from '@hubcast/server/events';
import {
  createSignalRNegotiateResponse,
  getWebPubSubClientAccessToken,
} from '@hubcast/server/token';

/**
 * @typedef {{ connectionString: string, options?: { reverseProxyEndpoint?: string } }} ServiceConfig
 * @typedef {{ name: string, service: 'webPubSub' | 'signalR', path: string, headers: [string, string][], body: string }} EventCase
 * @typedef {{ hub: string, userId: string, target: string, webPubSub: ServiceConfig, signalR: ServiceConfig, events: EventCase[] }} ProbeConfig
 * @typedef {{ name: string, version: string | null }} RuntimeIdentity
 */

/**
 * Which runtime this code is running in, as the runtime itself reports it. Deno and Bun also
 * emulate `process.versions.node`, so they are asked first.
 * @returns {Promise<RuntimeIdentity>}
 */
export async function identifyRuntime() {
  /** @type {any} */
  const g = globalThis;
  if (g.Deno?.version?.deno) return { name: 'deno', version: g.Deno.version.deno };
  if (typeof g.Bun?.version === 'string') return { name: 'bun', version: g.Bun.version };
  const agent = String(g.navigator?.userAgent ?? '');
  // workerd exposes no version to scripts; the harness asks its binary instead.
  if (agent === 'Cloudflare-Workers') return { name: 'workerd', version: null };
  const chrome = /(?:Headless)?Chrome\/([\d.]+)/.exec(agent);
  if (chrome && !g.process) return { name: 'chromium', version: await chromiumVersion(chrome[1]) };
  if (g.process?.versions?.node) return { name: 'node', version: g.process.versions.node };
  return { name: `unknown (${agent})`, version: null };
}

/**
 * The full Chromium version: the user agent string carries only the major one (`156.0.0.0`).
 * @param {string | undefined} fromAgent
 * @returns {Promise<string | null>}
 */
async function chromiumVersion(fromAgent) {
  /** @type {any} */
  const data = globalThis.navigator;
  const hints = await data.userAgentData?.getHighEntropyValues(['fullVersionList']);
  /** @type {{ brand: string, version: string }[]} */
  const brands = hints?.fullVersionList ?? [];
  return brands.find((entry) => entry.brand === 'Chromium')?.version ?? fromAgent ?? null;
}

/**
 * @param {string} url
 * @param {unknown} [body] JSON to POST; GET without it
 * @returns {Promise<any>}
 */
async function call(url, body) {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Runs one matrix row against the harness at `harness` (an origin) for run `runId`. Failures are
 * reported to the harness as well as thrown, so the harness sees the error even from a browser.
 * @param {string} harness
 * @param {string} runId
 */
export async function runProbe(harness, runId) {
  const base = `${harness}/run/${encodeURIComponent(runId)}`;
  try {
    /** @type {ProbeConfig} */
    const config = await call(`${base}/config`);
    // Notes the User-Agent of every request, as a perRetry policy sees it (just before signing).
    /** @type {[string, string][]} */
    const userAgents = [];
    const additionalPolicies = [
      {
        position: /** @type {const} */ ('perRetry'),
        policy: {
          name: 'user-agent',
          /** @type {import('@hubcast/server').PipelinePolicy['sendRequest']} */
          sendRequest: (request, next) => {
            for (const name of ['user-agent', 'x-ms-useragent']) {
              const value = request.headers.get(name);
              if (value?.includes('hubcast/')) userAgents.push([name, value]);
            }
            return next(request);
          },
        },
      },
    ];
    const webPubSub = new WebPubSubServiceClient(config.webPubSub.connectionString, config.hub, {
      ...config.webPubSub.options,
      additionalPolicies,
    });
    const signalR = new SignalRServiceClient(config.signalR.connectionString, config.hub, {
      ...config.signalR.options,
      additionalPolicies,
    });
    const token = await webPubSub.getClientAccessToken({ userId: config.userId });
    const negotiated = await signalR.negotiate({ userId: config.userId });
    // The same two tokens from the REST-free functions of @hubcast/server/token.
    const user = { userId: config.userId };
    const tokenEntry = {
      webPubSubUrl: (
        await getWebPubSubClientAccessToken(config.webPubSub.connectionString, config.hub, user)
      ).url,
      signalR: await createSignalRNegotiateResponse(
        config.signalR.connectionString,
        config.hub,
        user,
      ),
    };
    /** @type {{ nonce: string }} */
    const { nonce } = await call(`${base}/tokens`, {
      runtime: await identifyRuntime(),
      webPubSubUrl: token.url,
      signalR: negotiated,
      tokenEntry,
    });
    await webPubSub.sendToAll(nonce, { contentType: 'text/plain' });
    await signalR.sendToAll(config.target, [nonce]);
    // The same send on SignalR's current REST API (api-version 2024-12-01, its own routes and body).
    const current = new SignalRServiceClient(config.signalR.connectionString, config.hub, {
      ...config.signalR.options,
      apiVersion: '2024-12-01',
      additionalPolicies,
    });
    await current.sendToAll(config.target, [nonce, '2024-12-01']);
    await call(`${base}/sent`, { userAgents });
    await call(`${base}/events`, await serveEvents(config));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await call(`${base}/error`, { message }).catch(() => undefined);
    throw error;
  }
}

/**
 * Runs each signed request of the harness through the event handlers (bodies travel as base64) and
 * returns the answers, for the harness to check.
 * @param {ProbeConfig} config
 */
async function serveEvents(config) {
  const handlers = {
    webPubSub: new WebPubSubEventHandler(config.hub, {
      connectionString: config.webPubSub.connectionString,
      path: '/events',
      handleConnect: (req, res) => {
        res.setState('runtime', 'matrix');
        res.success({ userId: req.context.userId, groups: ['matrix'] });
      },
    }),
    signalR: new SignalRUpstreamHandler({
      connectionString: config.signalR.connectionString,
      handlers: { add: ([a, b]) => Number(a) + Number(b) },
    }),
  };
  const answers = [];
  for (const event of config.events) {
    const request = new Request(`http://app.local${event.path}`, {
      method: 'POST',
      headers: event.headers,
      body: fromBase64(event.body),
    });
    const response = await handlers[event.service].fetch(request);
    answers.push({
      name: event.name,
      status: response.status,
      contentType: response.headers.get('content-type'),
      state: response.headers.get('ce-connectionstate'),
      body: toBase64(new Uint8Array(await response.arrayBuffer())),
    });
  }
  return answers;
}

/** @param {string} base64 */
function fromBase64(base64) {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/** @param {Uint8Array} bytes */
function toBase64(bytes) {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));
}
