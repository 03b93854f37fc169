// What a group handle needs from its hub client: the raw client and the send path shared with the hub.
import type { Client } from '@hubcast/webpubsub-rest';
import type { Payload } from './message.js';

export interface SendQuery {
  excluded?: string[];
  filter?: string;
  messageTtlSeconds?: number;
}

export interface HubContext {
  readonly client: Client;
  readonly hub: string;
  readonly apiVersion: string;
  readonly endpoint: string;
  /**
   * Resolves a `nextLink` (absolute, or relative to the endpoint) to the URL to GET; undefined when
   * it leaves the endpoint's origin.
   */
  readonly resolveLink: (link: string) => string | undefined;
  sendToGroup(
    group: string,
    payload: Payload,
    query: SendQuery,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** Options every call takes. */
export interface OperationOptions {
  /** Cancels the call, including its retries. */
  abortSignal?: AbortSignal;
}
