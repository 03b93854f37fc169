// Public types of SignalRUpstreamHandler: what the app's callbacks get, and the type parameter that maps
// hub method names to argument tuples and results.
import type { SignatureOptions } from '../shared/access-keys.js';
import type { HubProtocol } from './hub-protocol.js';

export type { HubProtocol };

/** The client connection an upstream request is about, from its `X-ASRS-*` headers. */
export interface UpstreamContext {
  /** The hub (`X-ASRS-Hub`). */
  hub: string;
  /** `connections` (connected, disconnected) or `messages` (invocations) (`X-ASRS-Category`). */
  category: string;
  /** `connected`, `disconnected`, or the invoked hub method (`X-ASRS-Event`). */
  event: string;
  /** The connection id (`X-ASRS-Connection-Id`). */
  connectionId: string;
  /** The user id (`X-ASRS-User-Id`), when the connection has one. */
  userId?: string;
  /** The claims of the client's access token (`X-ASRS-User-Claims`), each with its values. */
  claims: Record<string, string[]>;
  /** The query the client connected with (`X-ASRS-Client-Query`), each parameter with its values. */
  query: Record<string, string[]>;
}

/** The context of a hub method invocation. */
export interface InvocationContext extends UpstreamContext {
  /** The invocation id: set when the client awaits a result (`invoke`), absent for `send`. */
  invocationId?: string;
  /** The hub protocol of the client, which the answer is written in. */
  protocol: HubProtocol;
}

/** The context of a `disconnected` event. */
export interface DisconnectedContext extends UpstreamContext {
  /** Why the connection closed, when it closed with an error. */
  error?: string;
}

/**
 * The handler of one hub method: it gets the arguments as a tuple, and returns the result.
 * @typeParam Method - The method's signature, for example `(a: number, b: number) => number`.
 */
export type HubMethodHandler<Method> = Method extends (...args: infer Args) => infer Result
  ? (args: Args, context: InvocationContext) => Result | Promise<Awaited<Result>>
  : never;

/**
 * Handlers for the hub methods of `THub` (targets match case-insensitively, as in SignalR).
 * @typeParam THub - The hub methods, as a map from name to signature.
 */
export type HubMethodHandlers<THub> = { [Target in keyof THub]?: HubMethodHandler<THub[Target]> };

/**
 * Options of {@link SignalRUpstreamHandler}. Set `connectionString` or `accessKeys`.
 * @typeParam THub - The hub methods clients may invoke, as a map from name to signature.
 */
export interface SignalRUpstreamHandlerOptions<
  THub = Record<string, (...args: unknown[]) => unknown>,
> extends SignatureOptions {
  /** When set, only requests for this hub are taken (`X-ASRS-Hub`, compared case-insensitively). */
  hub?: string;
  /** When set, only requests under this path are taken (the upstream URL template's path). */
  path?: string;
  /**
   * Hub method handlers. What a handler returns completes the client's `invoke()`; what it throws
   * rejects it with the error's message (the message reaches the client; the stack never does).
   */
  handlers?: NoInfer<HubMethodHandlers<THub>>;
  /** A client connected. */
  onConnected?: (context: UpstreamContext) => void | Promise<void>;
  /** A client disconnected. */
  onDisconnected?: (context: DisconnectedContext) => void | Promise<void>;
  /** The largest request body accepted, in bytes (larger ones get 413). Default 4 MiB. */
  maxBodyBytes?: number;
  /** Receives errors thrown by the callbacks above. Default: logs them with `console.error`. */
  onError?: (error: unknown, callback: string) => void;
}
