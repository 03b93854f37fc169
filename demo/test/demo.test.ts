// Runs the built demo exactly as `pnpm demo` does, against the embedded emulator.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('runs every step against the emulator and exits 0 with no missing delivery', () => {
  const env = { ...process.env };
  delete env.WEBPUBSUB_CONNECTION_STRING;
  delete env.SIGNALR_CONNECTION_STRING;
  const run = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../dist/main.js', import.meta.url))],
    {
      encoding: 'utf8',
      env,
      timeout: 90_000,
    },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const out = run.stdout;
  expect(out).toContain('emulator at http://127.0.0.1:');
  for (let step = 1; step <= 8; step++) expect(out).toMatch(new RegExp(`^${step}\\. `, 'm'));
  expect(out).not.toContain('✗');
  // Spot-check real deliveries through each of the three client kinds.
  expect(out).toContain('✓ plain-ws received {"step":"broadcast"');
  expect(out).toContain('✓ web-pubsub-client received {"step":"to-user"');
  expect(out).toContain('✓ signalr received {"step":"group"');
  expect(out).toContain('✓ plain-ws closed with reason "demo is over"');
  // Through the app's handlers and back, on both services.
  expect(out).toContain(
    '✓ web-pubsub-client received {"step":"handler","reply":"the app got \\"ping from bob\\""} (server message)',
  );
  expect(out).toContain(
    '✓ plain-ws received {"step":"handler","relayed":"bob said \\"ping from bob\\""}',
  );
  expect(out).toContain("✓ the app's event handler was called: web pubsub: echo from bob");
  expect(out).toContain(
    '✓ carol\'s invoke("echo") returned "the app got \\"ping from carol\\"" from the app\'s upstream',
  );
  expect(out).not.toContain('skipped');
  expect(out).toContain('All expected deliveries arrived.');
});
