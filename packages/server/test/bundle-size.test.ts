// What an app pays for @hubcast/server: a Web PubSub app that broadcasts and mints one client token,
// bundled with esbuild (minified, gzip) for the browser, neutral and node platforms. Tree-shaking must
// keep the SignalR client out of it (and the Web PubSub client out of a SignalR app).
import { gzipSync } from 'node:zlib';
import { build, type Platform } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = new URL('../src/index.ts', import.meta.url).pathname;

async function bundle(source: string, platform: Platform): Promise<{ code: string; gzip: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { code: new TextDecoder().decode(bytes), gzip: gzipSync(bytes, { level: 9 }).length };
}

const WEBPUBSUB_APP = `
import { WebPubSubServiceClient } from ${JSON.stringify(entry)};
const client = new WebPubSubServiceClient(globalThis.CONNECTION_STRING, 'chat');
await client.sendToAll({ hello: 'world' });
export const token = await client.getClientAccessToken({ userId: 'alice' });
`;

const SIGNALR_APP = `
import { SignalRServiceClient } from ${JSON.stringify(entry)};
const client = new SignalRServiceClient(globalThis.CONNECTION_STRING, 'chat');
await client.sendToAll('newMessage', ['hi']);
export const negotiated = await client.negotiate({ userId: 'alice' });
`;

/**
 * Current budget. About 650 bytes of today's size is hey-api's server-sent-events runtime, which the
 * generated client always carries and hubcast never calls.
 */
const BUDGET_BYTES = 11 * 1024;

describe('bundle size', () => {
  it.each<Platform>(['browser', 'neutral', 'node'])(
    'a sendToAll + client token app stays within budget (%s)',
    async (platform) => {
      const { code, gzip } = await bundle(WEBPUBSUB_APP, platform);
      console.log(`Web PubSub app (${platform}): ${gzip} bytes min+gzip`);
      expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
      expect(code).not.toContain('SignalR');
      expect(code).not.toContain('/api/v1/hubs');
      // Only jose's base64url is used; no JWS/JWE/JWK machinery.
      expect(code).not.toMatch(/JWE|JWKS|importJWK/);
      expect(code).not.toMatch(/\bfrom\s*["']node:/);
    },
  );

  it('a SignalR app does not carry the Web PubSub client', async () => {
    const { code, gzip } = await bundle(SIGNALR_APP, 'neutral');
    console.log(`SignalR app (neutral): ${gzip} bytes min+gzip`);
    expect(code).not.toContain('/api/hubs/{hub}/:send');
    expect(code).not.toContain('webpubsub');
    expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
