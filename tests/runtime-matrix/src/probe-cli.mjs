// @ts-check
// Entry for Node, Deno and Bun: `<runtime> probe-cli.mjs <harness origin> <run id>`. It imports the
// built @hubcast/server through ordinary node_modules resolution (see probe.mjs).
import { runProbe } from './probe.mjs';

/** @type {any} */
const proc = globalThis.process;
const [harness, runId] = proc.argv.slice(2);
if (!harness || !runId) throw new TypeError('usage: probe-cli.mjs <harness origin> <run id>');
runProbe(harness, runId).then(
  () => proc.exit(0),
  (error) => {
    console.error(error);
    proc.exit(1);
  },
);
