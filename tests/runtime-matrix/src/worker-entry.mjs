// @ts-check
// Entry for workerd (bundled by esbuild, run by miniflare): `GET /?harness=<origin>&run=<id>` runs
// one matrix row and answers 200, or 500 with the error.
import { runProbe } from './probe.mjs';

export default {
  /** @param {Request} request */
  async fetch(request) {
    const query = new URL(request.url).searchParams;
    try {
      await runProbe(query.get('harness') ?? '', query.get('run') ?? '');
      return new Response('ok');
    } catch (error) {
      return new Response(String(error), { status: 500 });
    }
  },
};
