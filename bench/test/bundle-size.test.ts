// Size budget of item 3 (a size, so stable enough for a test): an app that broadcasts and mints one
// client token on @hubcast/server, bundled with esbuild (minified, gzip) for every platform. Also checks
// that tree-shaking keeps the SignalR client out of it (and the Web PubSub client out of a SignalR app).
import { describe, expect, it } from 'vitest';
import {
  BUDGET_BYTES,
  bundleApp,
  measureBundleSize,
  PLATFORMS,
  SIGNALR_APP,
  SIGNALR_BUDGET_BYTES,
  TOKEN_APPS,
  TOKEN_BUDGET_BYTES,
  webPubSubApp,
} from '../src/bundle-size.js';

describe('bundle size budget', () => {
  it.each(PLATFORMS)(
    'a sendToAll + client token app stays within the budget (%s)',
    async (platform) => {
      const { code, gzip } = await bundleApp(webPubSubApp('@hubcast/server'), platform);
      expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
      expect(code).not.toContain('SignalR');
      expect(code).not.toContain('/api/v1/hubs');
      // Only jose's base64url is used; no JWS/JWE/JWK machinery, no server-sent-events runtime.
      expect(code).not.toMatch(/JWE|JWKS|importJWK/);
      expect(code).not.toContain('text/event-stream');
      expect(code).not.toMatch(/\bfrom\s*["']node:/);
    },
  );

  it('a SignalR app does not carry the Web PubSub client', async () => {
    const { code, gzip } = await bundleApp(SIGNALR_APP, 'neutral');
    // SignalR's current API has `/api/hubs/{hub}/:send` too; these paths are Web PubSub's alone.
    expect(code).not.toContain('/api/hubs/{hub}/:addToGroups');
    expect(code).not.toContain('/permissions/{permission}');
    expect(code).not.toContain('webpubsub');
    expect(gzip).toBeLessThanOrEqual(SIGNALR_BUDGET_BYTES);
  });

  // 3b: the edge-function apps of @hubcast/server/token carry no REST client and no class.
  it.each(Object.keys(TOKEN_APPS).flatMap((name) => PLATFORMS.map((platform) => [name, platform])))(
    'a %s app stays within the 3b budget (%s)',
    async (name, platform) => {
      const source = TOKEN_APPS[name as keyof typeof TOKEN_APPS];
      const { code, gzip } = await bundleApp(source, platform as (typeof PLATFORMS)[number]);
      expect(gzip).toBeLessThanOrEqual(TOKEN_BUDGET_BYTES);
      expect(code).not.toContain('/api/');
      expect(code).not.toMatch(/ServiceClient\b.*class|fetch\(/);
      expect(code).not.toMatch(/\bfrom\s*["']node:/);
      // It signs: the HS256 header and the signer are in.
      expect(code).toContain('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9');
      expect(code).toContain('HMAC');
    },
  );

  it('the benchmark row matches, and the same app on @azure/web-pubsub is measured', async () => {
    const result = await measureBundleSize();
    const hubcastNode = result.rows.find((r) => r.subject === '@hubcast/server app, platform node');
    const { gzip } = await bundleApp(webPubSubApp('@hubcast/server'), 'node');
    expect(hubcastNode?.summary.median).toBe(gzip);
    const azureNode = result.rows.find((r) => r.subject === '@azure/web-pubsub app, platform node');
    expect(azureNode?.summary.median).toBeGreaterThan(gzip);
    expect(result.checks.map((c) => [c.row, c.target])).toEqual([
      ['3a', 'hubcast app ≤ 10,000 bytes on every platform'],
      ['3a', 'hubcast app bundles for node, browser and neutral'],
      ['3b', 'token-only apps ≤ 3,000 bytes on every platform'],
    ]);
    // Every platform bundles; azure's app does not bundle for browser or neutral.
    expect(result.checks[1]?.met).toBe(true);
  });
});
