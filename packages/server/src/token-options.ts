// Options of the functions of `@hubcast/server/token`: the token options of the client methods, plus
// the constructor options that change the token (plain http, the SignalR application name).
import type { NegotiateOptions } from './signalr/negotiate.js';
import type { GenerateClientTokenOptions } from './webpubsub/client-token.js';

/** Options of `getWebPubSubClientAccessToken`. */
export interface WebPubSubTokenOptions extends GenerateClientTokenOptions {
  /** Allows an `http://` endpoint that is not loopback, as the client option does. */
  allowInsecureConnection?: boolean;
}

/** Options of `createSignalRNegotiateResponse`. */
export interface SignalRNegotiateOptions extends NegotiateOptions {
  /** Prefixes the hub as `{applicationName}_{hub}` (lower case), as the client option does. */
  applicationName?: string;
  /** Allows an `http://` endpoint or ClientEndpoint that is not loopback, as the client option does. */
  allowInsecureConnection?: boolean;
}
