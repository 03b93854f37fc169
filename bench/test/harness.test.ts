// Smoke test of the benchmark harness: every measure runs one small round against the real SDKs,
// emulator and child processes, and produces finite, positive figures. No speed targets here; those
// belong to `pnpm bench`. Item 7 (`pnpm generate --force`) is not run: it rewrites generated sources
// that the other packages' tasks read while `pnpm test` runs them in parallel.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureBroadcast } from '../src/broadcast.js';
import { measureColdStart } from '../src/cold-start.js';
import { measureEventHandlers } from '../src/event-handlers.js';
import { describeMachine } from '../src/machine.js';
import { renderMarkdown } from '../src/report.js';
import type { ItemResult } from '../src/result.js';
import { measureSendThroughput } from '../src/send-throughput.js';
import { measureTokenMinting } from '../src/token-minting.js';

const results: ItemResult[] = [];

function expectMeasured(result: ItemResult, rows: number): void {
  expect(result.rows).toHaveLength(rows);
  for (const r of result.rows) {
    expect(r.failure).toBeUndefined();
    expect(Number.isFinite(r.summary.median)).toBe(true);
    expect(r.summary.min).toBeGreaterThan(0);
    expect(r.summary.min).toBeLessThanOrEqual(r.summary.median);
    expect(r.summary.median).toBeLessThanOrEqual(r.summary.max);
  }
  for (const check of result.checks) expect(typeof check.met).toBe('boolean');
  results.push(result);
}

describe('benchmark harness (one small round each)', () => {
  it('item 1: every contender gets its sends accepted by the sink process', async () => {
    const result = await measureSendThroughput({ rounds: 1, durationMs: 150, concurrency: 4 });
    expectMeasured(result, 6);
    expect(result.checks).toHaveLength(2);
    // Each completed call is exactly one request the sink accepted (a wrong request gets a 400 and fails).
    expect(result.facts?.completed).toBeGreaterThanOrEqual(6);
    expect(result.facts?.accepted).toBe(result.facts?.completed);
  });

  it('item 2: both SDKs and the bare signer mint the same claims', async () => {
    expectMeasured(await measureTokenMinting({ rounds: 1, durationMs: 100 }), 3);
  });

  it('item 4: fresh processes import, construct and mint with both SDKs', async () => {
    expectMeasured(await measureColdStart({ rounds: 1 }), 3);
  });

  it('item 4: importing, constructing and minting a token does not load the fetch implementation', () => {
    // Loading Node's undici costs tens of ms at startup; nothing in this path sends a request.
    const script = `
      import { WebPubSubServiceClient } from '@hubcast/server';
      const client = new WebPubSubServiceClient(process.argv[1], 'chat');
      const { token } = await client.getClientAccessToken({ userId: 'alice' });
      console.log(JSON.stringify({ token: token.length > 0, undici: process.moduleLoadList.some((m) => m.includes('undici')) }));
    `;
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script,
        'Endpoint=https://x.webpubsub.azure.com;AccessKey=k;Version=1.0;',
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ token: true, undici: false });
  });

  it('item 5: the emulator and raw ws deliver every frame to every client', async () => {
    const result = await measureBroadcast({ rounds: 1, clients: 20, messages: 10, concurrency: 2 });
    // Deliveries/s and server CPU per delivery for the emulator and both ws anchors.
    expectMeasured(result, 6);
    expect(result.facts).toEqual({ emulatorLost: 0, wsLost: 0, emulatorStray: 0, wsStray: 0 });
    expect(result.checks.find((c) => c.target.includes('lost'))?.met).toBe(true);
  });

  it("item 6: every server answers every signed event with the app's reply", async () => {
    const result = await measureEventHandlers({
      pairs: 1,
      rounds: 1,
      durationMs: 150,
      concurrency: 2,
      connections: 10,
    });
    // Four servers plus hubcast with every event from a new connection; a wrong answer fails the run.
    expectMeasured(result, 5);
    expect(result.facts?.completed).toBeGreaterThanOrEqual(5);
    // The three hubcast servers refused events signed with a key the app does not have.
    expect(result.facts?.forgedRefused).toBe(3);
    expect(result.checks).toHaveLength(1);
  });

  it('BENCHMARKS.md lists every row and every target of the run', () => {
    const markdown = renderMarkdown(describeMachine(), results);
    expect(markdown).toMatch(/^# Benchmarks\n/);
    expect(markdown).toContain(`Node: ${process.version}`);
    for (const result of results) {
      expect(markdown).toContain(`## ${result.item}. ${result.title}`);
      for (const r of result.rows) expect(markdown).toContain(`| ${r.subject} |`);
      for (const c of result.checks) {
        expect(markdown).toContain(`| ${c.row ?? result.item} | ${c.target} |`);
      }
    }
  });

  it("BENCHMARKS.md's summary labels a target with the issue row it names (3a, 3b)", () => {
    const sizes: ItemResult = {
      item: 3,
      title: 'App bundle size',
      method: 'exact sizes',
      rows: [],
      checks: [
        { row: '3a', target: 'send-and-mint app small', measured: '1 byte', met: true },
        { row: '3b', target: 'token-only app smaller', measured: '2 bytes', met: false },
        { target: 'bundles on every platform', measured: 'all', met: true },
      ],
    };
    const summary = renderMarkdown(describeMachine(), [sizes]).split('## Summary')[1] ?? '';
    expect(summary).toContain('| 3a | send-and-mint app small | 1 byte | yes |');
    expect(summary).toContain('| 3b | token-only app smaller | 2 bytes | **no** |');
    expect(summary).toContain('| 3 | bundles on every platform | all | yes |');
  });
});
