// @ts-check
// Entry for Chromium (bundled by esbuild for the browser): the page is served by the harness, whose
// origin also proxies the emulator's REST API, and names its run in `?run=`.
import { runProbe } from './probe.mjs';

const runId = new URL(location.href).searchParams.get('run') ?? '';
runProbe(location.origin, runId).catch((error) => console.error(error));
