// What a group handle needs from its hub client: the raw client and the send path shared with the hub.
import type { Client } from '@hubcast/webpubsub-rest';
import type { OperationOptions } from '../operation-options.js';
import type { Payload } from './message.js';

export type { OperationOptions } from '../operation-options.js';

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
    options?: OperationOptions,
  ): Promise<void>;
}
