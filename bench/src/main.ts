// `pnpm bench`: runs every measure, prints each as it finishes, and rewrites BENCHMARKS.md at the root.
// `--only=1,3` runs some items (and prints without writing); `--note=<text>` adds a line to the report.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureBroadcast } from './broadcast.js';
import { measureBundleSize } from './bundle-size.js';
import { measureCodegen } from './codegen.js';
import { measureColdStart } from './cold-start.js';
import { measureEventHandlers } from './event-handlers.js';
import { describeMachine } from './machine.js';
import { renderItem, renderMarkdown } from './report.js';
import type { ItemResult } from './result.js';
import { measureSendThroughput } from './send-throughput.js';
import { measureTokenMinting } from './token-minting.js';

/**
 * Items 1–6 are the rows of issue #18 (item 3 holds rows 3a and 3b, told apart by `Check.row`); item 7,
 * code generation, is last. A measure may return several results (one per section of the report).
 */
export const MEASURES: Record<number, () => Promise<ItemResult | ItemResult[]>> = {
  1: () => measureSendThroughput(),
  2: () => measureTokenMinting(),
  3: () => measureBundleSize(),
  4: () => measureColdStart(),
  5: () => measureBroadcast(),
  6: () => measureEventHandlers(),
  7: () => measureCodegen(),
};

const flag = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const only = flag('only')?.split(',').map(Number);
const machine = describeMachine();
const results: ItemResult[] = [];
const started = performance.now();
for (const [item, measure] of Object.entries(MEASURES)) {
  if (only && !only.includes(Number(item))) continue;
  for (const result of [await measure()].flat()) {
    results.push(result);
    console.log(`${renderItem(result)}\n`);
  }
}
const markdown = renderMarkdown(machine, results, flag('note'));
if (!only) {
  writeFileSync(fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)), markdown);
  console.log('BENCHMARKS.md written.');
}
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
if (results.some((r) => r.checks.some((c) => !c.met)))
  console.log('Some targets were missed; see above.');
