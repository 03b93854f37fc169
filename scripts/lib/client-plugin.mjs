// The hey-api client plugin for hubcast's own runtime (scripts/runtime/). Its name is the runtime's
// entry file: for a client plugin named by an absolute path, @hey-api/openapi-ts 0.99 copies that
// file's folder into the generated output as `client/`, and the operation functions import their
// client types from it, exactly as they do from its bundled fetch runtime. The handler writes
// client.gen.ts: the `client` an operation falls back to without `options.client`, a stand-in whose
// requests reject with a TypeError naming `restClientHelper`.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The runtime's entry; its folder is what `pnpm generate` copies. */
export const runtimeEntry = fileURLToPath(new URL('../runtime/index.ts', import.meta.url));

/**
 * The plugin object for `createClient({ plugins })`. `heyApi` is the loaded `@hey-api/openapi-ts`
 * module (passed in so this file can be imported without loading the TypeScript compiler).
 */
export function hubcastClientPlugin(heyApi, restClientHelper) {
  const { $, clientDefaultConfig, clientDefaultMeta } = heyApi;
  return {
    ...clientDefaultMeta,
    name: runtimeEntry,
    config: { ...clientDefaultConfig, bundle: true },
    handler: ({ plugin }) => {
      const runtime = join(plugin.context.config.output.path, 'client', 'index.ts');
      const missingClient = plugin.symbol('missingClient', { external: runtime });
      const clientType = plugin.symbol('Client', {
        external: runtime,
        kind: 'type',
        meta: { resource: 'client.Client' },
      });
      // client.gen.ts, where hey-api's own client plugins put it.
      const client = plugin.symbol('client', {
        meta: { category: 'client' },
        getFilePath: () => 'client',
      });
      plugin.node(
        $.const(client)
          .export()
          .type(clientType)
          .assign($(missingClient).call($.literal(restClientHelper))),
      );
    },
  };
}
