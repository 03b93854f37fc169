// Item 2: client access tokens minted per second (getClientAccessToken with a new user id each call,
// two roles and two groups, so nothing can be cached), hubcast against @azure/web-pubsub 1.2.0 and
// against the floor: a bare node:crypto HS256 signer of exactly the same claims. No network: all three
// sign locally with the access key.
import { createHmac, createSecretKey } from 'node:crypto';
import { WebPubSubServiceClient as AzureClient } from '@azure/web-pubsub';
import { WebPubSubServiceClient } from '@hubcast/server';
import { ACCESS_KEY, connectionString, HUB, TOKEN_OPTIONS } from './fixtures.js';
import { type ItemResult, ratioText, row } from './result.js';
import { callsPerSecond, interleave, ratios, summarize } from './stats.js';

export interface MintOptions {
  rounds: number;
  durationMs: number;
}

export const MINT_DEFAULTS: MintOptions = { rounds: 7, durationMs: 1000 };

const ENDPOINT = 'https://bench.webpubsub.azure.com';
const b64url = (data: string) => Buffer.from(data).toString('base64url');
const BARE_HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** The anchor's key, made a KeyObject once: the fastest way node:crypto signs with a fixed key. */
const BARE_KEY = createSecretKey(Buffer.from(ACCESS_KEY, 'utf8'));

/**
 * The anchor: what a hand-written Node signer does for one client token (the claims of
 * @azure/web-pubsub, in its order), with no argument checks and no URL handling.
 */
export function bareNodeToken(userId: string): string {
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    role: TOKEN_OPTIONS.roles,
    'webpubsub.group': TOKEN_OPTIONS.groups,
    iat,
    exp: iat + 3600,
    aud: `${ENDPOINT}/client/hubs/${HUB}`,
    sub: userId,
  };
  const input = `${BARE_HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', BARE_KEY).update(input).digest('base64url')}`;
}

type Mint = (userId: string) => Promise<unknown>;

export async function measureTokenMinting(options = MINT_DEFAULTS): Promise<ItemResult> {
  const conn = connectionString(ENDPOINT);
  const azure = new AzureClient(conn, HUB);
  const hubcast = new WebPubSubServiceClient(conn, HUB);
  const contenders: Record<'azure' | 'hubcast' | 'bare', Mint> = {
    azure: (userId) => azure.getClientAccessToken({ ...TOKEN_OPTIONS, userId }),
    hubcast: (userId) => hubcast.getClientAccessToken({ ...TOKEN_OPTIONS, userId }),
    // async like the SDK methods, so every contender pays the same promise per call
    bare: async (userId) => ({ token: bareNodeToken(userId) }),
  };
  // All three must mint the same claims, or the comparison is void.
  const payloads = await Promise.all(
    Object.values(contenders).map(async (mint) => {
      const { token } = (await mint('alice')) as { token: string };
      if (!/^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error('no JWT minted');
      const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
      return JSON.stringify(
        Object.keys(claims)
          .sort()
          .map((k) => [k, k === 'iat' || k === 'exp' ? 0 : claims[k]]),
      );
    }),
  );
  if (new Set(payloads).size !== 1)
    throw new Error(`contenders mint different claims: ${payloads}`);
  let n = 0;
  const run = (mint: Mint) => () => callsPerSecond(() => mint(`user-${n++}`), options.durationMs);
  const runs = {
    azure: run(contenders.azure),
    hubcast: run(contenders.hubcast),
    bare: run(contenders.bare),
  };
  // Warm-up: JIT and key import for everyone before the measured rounds.
  for (const warm of Object.values(runs)) await warm();
  const samples = await interleave(runs, options.rounds);
  const vsBare = ratios(samples.hubcast, samples.bare);
  const vsAzure = ratios(samples.hubcast, samples.azure);
  return {
    item: 2,
    title: 'Client access tokens minted',
    method: `${options.rounds} interleaved rounds of ${options.durationMs} ms per contender, one call at a time, getClientAccessToken({ userId: <new each call>, roles: [2], groups: [2] }); the anchor signs the same claims with node:crypto createHmac (a KeyObject made once) and Buffer base64url, no checks.`,
    rows: [
      row('bare node:crypto HS256 signer', 'tokens/s', summarize(samples.bare)),
      row('@azure/web-pubsub 1.2.0', 'tokens/s', summarize(samples.azure)),
      row('@hubcast/server', 'tokens/s', summarize(samples.hubcast)),
    ],
    checks: [
      {
        target: 'hubcast ≥ 0.5× the bare node:crypto signer',
        measured: ratioText(vsBare),
        met: vsBare.median >= 0.5,
      },
      { target: 'hubcast ≥ 5× azure', measured: ratioText(vsAzure), met: vsAzure.median >= 5 },
    ],
  };
}
