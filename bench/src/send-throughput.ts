// Item 1: sendToAll calls/s at concurrency 16, small JSON body, against a loopback sink in a separate
// process. Anchors: @azure/web-pubsub 1.2.0 and raw fetch with one pre-signed token; hubcast runs with
// the default global fetch and with an undici Agent (keep-alive pool) passed as its `fetch` option.
import { WebPubSubServiceClient as AzureClient } from '@azure/web-pubsub';
import { type FetchLike, WebPubSubServiceClient } from '@hubcast/server';
import { Agent, fetch as undiciFetch } from 'undici';
import { startChild } from './child.js';
import { API_VERSION, connectionString, HUB, MESSAGE, presignedToken } from './fixtures.js';
import { fmt, type ItemResult, ratioText, row } from './result.js';
import { callsPerSecond, interleave, ratios, summarize } from './stats.js';

export interface SendOptions {
  rounds: number;
  durationMs: number;
  concurrency: number;
}

export const SEND_DEFAULTS: SendOptions = { rounds: 5, durationMs: 2000, concurrency: 16 };

/** hubcast's `fetch` option backed by an undici Agent: a keep-alive pool sized to the concurrency. */
export function keepAliveFetch(connections: number): { fetch: FetchLike; agent: Agent } {
  const agent = new Agent({ connections, keepAliveTimeout: 30_000, pipelining: 1 });
  const fetch = ((input, init) =>
    undiciFetch(input as string, { ...(init as object), dispatcher: agent })) as FetchLike;
  return { fetch, agent };
}

export async function measureSendThroughput(options = SEND_DEFAULTS): Promise<ItemResult> {
  const sink = await startChild('sink-process');
  const { port } = sink.ready as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const conn = connectionString(endpoint);
  // The same settings for both SDKs: no retries, plain http to loopback.
  const fair = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
  const azure = new AzureClient(conn, HUB, fair);
  const hubcast = new WebPubSubServiceClient(conn, HUB, fair);
  const pool = keepAliveFetch(options.concurrency);
  const hubcastUndici = new WebPubSubServiceClient(conn, HUB, { ...fair, fetch: pool.fetch });
  const url = `${endpoint}/api/hubs/${HUB}/:send?api-version=${API_VERSION}`;
  const authorization = `Bearer ${presignedToken(url)}`;
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
    hubcastUndici: () => hubcastUndici.sendToAll(MESSAGE),
  };
  const rate = (call: () => Promise<unknown>) => () =>
    callsPerSecond(call, options.durationMs, options.concurrency);
  try {
    // Warm-up: JIT, connection pools and token caches.
    for (const call of Object.values(calls)) await callsPerSecond(call, 300, options.concurrency);
    const { accepted: before } = await sink.ask<{ type: 'count'; accepted: number }>(
      { type: 'count' },
      'count',
    );
    const samples = await interleave(
      {
        azure: rate(calls.azure),
        rawFetch: rate(calls.rawFetch),
        hubcast: rate(calls.hubcast),
        hubcastUndici: rate(calls.hubcastUndici),
      },
      options.rounds,
    );
    const { accepted } = await sink.ask<{ type: 'count'; accepted: number }>(
      { type: 'count' },
      'count',
    );
    const vsAzure = ratios(samples.hubcast, samples.azure);
    const vsRaw = ratios(samples.hubcast, samples.rawFetch);
    const undiciVsAzure = ratios(samples.hubcastUndici, samples.azure);
    return {
      item: 1,
      title: 'sendToAll throughput',
      method: `${options.rounds} interleaved rounds of ${options.durationMs} ms per contender, concurrency ${options.concurrency}, small JSON body, sink (202, empty body) in a separate process on loopback; the sink accepted ${fmt(accepted - before)} requests during the rounds.`,
      rows: [
        row('@azure/web-pubsub 1.2.0', 'calls/s', summarize(samples.azure)),
        row('raw fetch, one pre-signed token', 'calls/s', summarize(samples.rawFetch)),
        row('@hubcast/server (global fetch)', 'calls/s', summarize(samples.hubcast)),
        row(
          '@hubcast/server (undici Agent keep-alive fetch)',
          'calls/s',
          summarize(samples.hubcastUndici),
        ),
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
      notes: [`hubcast with the undici Agent fetch: ${ratioText(undiciVsAzure)} azure.`],
      facts: { accepted: accepted - before },
    };
  } finally {
    await pool.agent.close();
    await sink.close();
  }
}
