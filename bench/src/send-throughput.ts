// Item 1: sendToAll calls/s at concurrency 16, small JSON body, against a loopback sink in a separate
// process. Anchors: @azure/web-pubsub 1.2.0 and raw fetch with one pre-signed token; hubcast runs with
// the default global fetch and with the two keep-alive transports its README documents (passed as its
// `fetch` option). Raw undici request() with the same token is the limit of the fastest transport.
import { WebPubSubServiceClient as AzureClient } from '@azure/web-pubsub';
import { WebPubSubServiceClient } from '@hubcast/server';
import { type Agent, request } from 'undici';
import { startChild } from './child.js';
import { API_VERSION, connectionString, HUB, MESSAGE, presignedToken } from './fixtures.js';
import { fmt, type ItemResult, ratioText, row } from './result.js';
import { callsPerSecond, interleave, ratios, summarize } from './stats.js';
import { agentFetch, keepAliveAgent, requestFetch } from './undici-transport.js';

export interface SendOptions {
  rounds: number;
  durationMs: number;
  concurrency: number;
}

export const SEND_DEFAULTS: SendOptions = { rounds: 5, durationMs: 2000, concurrency: 16 };

export async function measureSendThroughput(options = SEND_DEFAULTS): Promise<ItemResult> {
  const sink = await startChild('sink-process');
  const { port } = sink.ready as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const conn = connectionString(endpoint);
  // The same settings for both SDKs: no retries, plain http to loopback.
  const fair = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
  const azure = new AzureClient(conn, HUB, fair);
  const hubcast = new WebPubSubServiceClient(conn, HUB, fair);
  const agents = [0, 1, 2].map(() => keepAliveAgent(options.concurrency)) as [Agent, Agent, Agent];
  const withAgent = new WebPubSubServiceClient(conn, HUB, {
    ...fair,
    fetch: agentFetch(agents[0]),
  });
  const withRequest = new WebPubSubServiceClient(conn, HUB, {
    ...fair,
    fetch: requestFetch(agents[1]),
  });
  const url = `${endpoint}/api/hubs/${HUB}/:send?api-version=${API_VERSION}`;
  const authorization = `Bearer ${presignedToken(url)}`;
  const rawRequest = async () => {
    const response = await request(url, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify(MESSAGE),
      dispatcher: agents[2],
    });
    await response.body.arrayBuffer();
    if (response.statusCode !== 202)
      throw new Error(`raw request: the sink answered ${response.statusCode}`);
  };
  const rawFetch = async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify(MESSAGE),
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`raw fetch: the sink answered ${response.status}`);
  };
  const calls = {
    azure: () => azure.sendToAll(MESSAGE),
    rawFetch,
    hubcast: () => hubcast.sendToAll(MESSAGE),
    withAgent: () => withAgent.sendToAll(MESSAGE),
    withRequest: () => withRequest.sendToAll(MESSAGE),
    rawRequest,
  };
  // Calls completed in the measured rounds; the sink must have accepted exactly as many requests.
  let completed = 0;
  // CPU time of this process per call: robust to a busy machine, and it shows where a gap comes from.
  const cpu = Object.fromEntries(Object.keys(calls).map((name) => [name, [] as number[]]));
  const rate = (name: keyof typeof calls) => async () => {
    const callsBefore = completed;
    const before = process.cpuUsage();
    const perSecond = await callsPerSecond(
      async () => {
        await calls[name]();
        completed++;
      },
      options.durationMs,
      options.concurrency,
    );
    const used = process.cpuUsage(before);
    cpu[name]?.push((used.user + used.system) / (completed - callsBefore));
    return perSecond;
  };
  try {
    // Warm-up: JIT, connection pools and token caches.
    for (const call of Object.values(calls)) await callsPerSecond(call, 300, options.concurrency);
    const { accepted: before } = await sink.ask<{ type: 'count'; accepted: number }>(
      { type: 'count' },
      'count',
    );
    const samples = await interleave(
      {
        azure: rate('azure'),
        rawFetch: rate('rawFetch'),
        hubcast: rate('hubcast'),
        withAgent: rate('withAgent'),
        withRequest: rate('withRequest'),
        rawRequest: rate('rawRequest'),
      },
      options.rounds,
    );
    const { accepted } = await sink.ask<{ type: 'count'; accepted: number }>(
      { type: 'count' },
      'count',
    );
    const vsAzure = ratios(samples.hubcast, samples.azure);
    const vsRaw = ratios(samples.hubcast, samples.rawFetch);
    const agentVsRaw = ratios(samples.withAgent, samples.rawFetch);
    const requestVsRaw = ratios(samples.withRequest, samples.rawFetch);
    const requestVsRawRequest = ratios(samples.withRequest, samples.rawRequest);
    return {
      item: 1,
      title: 'sendToAll throughput',
      method: `${options.rounds} interleaved rounds of ${options.durationMs} ms per contender, concurrency ${options.concurrency}, small JSON body, sink (202, empty body) in a separate process on loopback; the sink accepted ${fmt(accepted - before)} requests during the rounds.`,
      rows: [
        row('@azure/web-pubsub 1.2.0', 'calls/s', summarize(samples.azure)),
        row('raw fetch, one pre-signed token', 'calls/s', summarize(samples.rawFetch)),
        row('@hubcast/server (global fetch)', 'calls/s', summarize(samples.hubcast)),
        row('@hubcast/server + undici fetch on an Agent', 'calls/s', summarize(samples.withAgent)),
        row(
          '@hubcast/server + undici request() adapter on an Agent',
          'calls/s',
          summarize(samples.withRequest),
        ),
        row('raw undici request(), one pre-signed token', 'calls/s', summarize(samples.rawRequest)),
      ],
      checks: [
        {
          target: 'hubcast ≥ 1.6× azure',
          measured: ratioText(vsAzure),
          met: vsAzure.median >= 1.6,
        },
        {
          target: 'hubcast ≥ 0.95× raw fetch',
          measured: ratioText(vsRaw),
          met: vsRaw.median >= 0.95,
        },
      ],
      notes: [
        `With a keep-alive transport from packages/server/README.md, against raw (global) fetch: undici fetch on an Agent ${ratioText(agentVsRaw)}; undici request() adapter ${ratioText(requestVsRaw)}. The adapter against raw undici request() (same transport): ${ratioText(requestVsRawRequest)}.`,
        `CPU time of the bench process per call (median µs; the sink is another process): ${Object.entries(
          cpu,
        )
          .map(([name, values]) => `${name} ${fmt(summarize(values).median)}`)
          .join(', ')}.`,
      ],
      facts: { accepted: accepted - before, completed },
    };
  } finally {
    await Promise.all(agents.map((agent) => agent.close()));
    await sink.close();
  }
}
