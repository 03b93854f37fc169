// The hey-api client plugin for hubcast's own runtime, the @hubcast/rest-runtime package. With
// `bundle: false`, @hey-api/openapi-ts 0.99 copies nothing into the output and uses the client
// plugin's name as the module that the generated files import their client from
// (clientFolderAbsolutePath in its dist), so the operation functions import `@hubcast/rest-runtime`
// and every raw client shares one runtime. The handler writes client.gen.ts: the `client` an
// operation falls back to without `options.client`, a stand-in whose requests reject with a
// TypeError naming `restClientHelper`.

/** The package the generated code imports its client runtime from. */
export const runtimePackage = '@hubcast/rest-runtime';

/**
 * The plugin object for `createClient({ plugins })`. `heyApi` is the loaded `@hey-api/openapi-ts`
 * module (passed in so this file can be imported without loading the TypeScript compiler).
 */
export function hubcastClientPlugin(heyApi, restClientHelper) {
  const { $, clientDefaultConfig, clientDefaultMeta } = heyApi;
  return {
    ...clientDefaultMeta,
    name: runtimePackage,
    config: { ...clientDefaultConfig, bundle: false },
    handler: ({ plugin }) => {
      const missingClient = plugin.symbol('missingClient', { external: runtimePackage });
      const clientType = plugin.symbol('Client', {
        external: runtimePackage,
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
