// `POST /client/negotiate?hub=…&negotiateVersion=1`: authenticates the client and hands out a
// connection id plus a secret connection token, which the transport requests then name in `id`.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendEmpty, sendError, sendJson } from '../http/respond.js';
import type { ClientIdentity } from './client-auth.js';
import { corsHeaders, preflightHeaders } from './client-auth.js';
import { NegotiationStore } from './negotiations.js';
import { AVAILABLE_TRANSPORTS } from './transports/transport.js';

/** A negotiated connection token must be used within this time. */
export const NEGOTIATION_TTL_MS = 5 * 60 * 1000;
/** Unused negotiations kept at most; past it the oldest stops working (about 15 MB of state). */
export const MAX_PENDING_NEGOTIATIONS = 50_000;

export interface Negotiated {
  readonly connectionId: string;
  readonly hub: string;
}

export function createNegotiations(): NegotiationStore<Negotiated> {
  return new NegotiationStore<Negotiated>({
    ttlMs: NEGOTIATION_TTL_MS,
    maxEntries: MAX_PENDING_NEGOTIATIONS,
  });
}

export function newConnectionId(): string {
  return randomBytes(16).toString('base64url');
}

export function negotiateHandler(
  authorize: (req: IncomingMessage, url: URL) => Promise<ClientIdentity>,
  negotiations: NegotiationStore<Negotiated>,
) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS')
      return sendEmpty(res, 204, preflightHeaders(req, 'POST, OPTIONS'));
    try {
      if (req.method !== 'POST')
        throw new HttpError(405, 'MethodNotAllowed', 'Negotiate with POST.');
      const { hub } = await authorize(req, url);
      const connectionId = newConnectionId();
      const version = Number(url.searchParams.get('negotiateVersion') ?? '0') >= 1 ? 1 : 0;
      // Version 1 separates the secret connection token from the public connection id.
      const connectionToken = version === 1 ? newConnectionId() : connectionId;
      negotiations.add(connectionToken, { connectionId, hub });
      const body =
        version === 1
          ? {
              negotiateVersion: 1,
              connectionId,
              connectionToken,
              availableTransports: AVAILABLE_TRANSPORTS,
            }
          : { negotiateVersion: 0, connectionId, availableTransports: AVAILABLE_TRANSPORTS };
      sendJson(req, res, 200, body, cors);
    } catch (error) {
      if (error instanceof HttpError) return sendError(req, res, error, cors);
      throw error;
    }
  };
}
