// Item 2: client access tokens minted per second (getClientAccessToken with a user id, roles and
// groups), hubcast against @azure/web-pubsub 1.2.0. No network: both sign locally with the access key.
import { WebPubSubServiceClient as AzureClient } from '@azure/web-pubsub';
import { WebPubSubServiceClient } from '@hubcast/server';
import { connectionString, HUB, TOKEN_OPTIONS } from './fixtures.js';
import { type ItemResult, ratioText, row } from './result.js';
import { callsPerSecond, interleave, ratios, summarize } from './stats.js';

export interface MintOptions {
  rounds: number;
  durationMs: number;
}

export const MINT_DEFAULTS: MintOptions = { rounds: 7, durationMs: 1000 };

export async function measureTokenMinting(options = MINT_DEFAULTS): Promise<ItemResult> {
  const conn = connectionString('https://bench.webpubsub.azure.com');
  const azure = new AzureClient(conn, HUB);
  const hubcast = new WebPubSubServiceClient(conn, HUB);
  // Both must produce a token, or the comparison is void.
  for (const client of [azure, hubcast]) {
    const { token } = await client.getClientAccessToken(TOKEN_OPTIONS);
    if (!/^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error('no JWT minted');
  }
  const mint =
    (client: { getClientAccessToken(o: typeof TOKEN_OPTIONS): Promise<unknown> }) => () =>
      callsPerSecond(() => client.getClientAccessToken(TOKEN_OPTIONS), options.durationMs);
  await mint(azure)();
  await mint(hubcast)();
  const samples = await interleave({ azure: mint(azure), hubcast: mint(hubcast) }, options.rounds);
  const vsAzure = ratios(samples.hubcast, samples.azure);
  return {
    item: 2,
    title: 'Client access tokens minted',
    method: `${options.rounds} interleaved rounds of ${options.durationMs} ms per SDK, one call at a time, getClientAccessToken({ userId, roles: [2], groups: [2] }).`,
    rows: [
      row('@azure/web-pubsub 1.2.0', 'tokens/s', summarize(samples.azure)),
      row('@hubcast/server', 'tokens/s', summarize(samples.hubcast)),
    ],
    checks: [
      { target: 'hubcast ≥ 5× azure', measured: ratioText(vsAzure), met: vsAzure.median >= 5 },
    ],
  };
}
