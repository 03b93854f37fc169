// Authentication of every client request (negotiate, WebSocket upgrade, and each server-sent-events,
// long-polling, send and delete request): the hub must be valid and the token's aud must be the
// client URL of that hub. Also the CORS headers browsers need on those requests.
import type { IncomingMessage } from 'node:http';
import type { JWTPayload } from 'jose';
import { signalRClientAudience } from '../auth/audiences.js';
import { AuthError, type TokenVerifier, tokenOf } from '../auth/token-verifier.js';
import { HttpError } from '../http/respond.js';
import { parameterSchema, signalRRouteTable } from '../http/route-table.js';
import { checkValue } from '../http/validate.js';

const hubSchema = parameterSchema(signalRRouteTable, 'SignalR_Broadcast', 'hub');

const USER_CLAIMS = [
  'asrs.s.uid',
  'nameid',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  'sub',
];

export interface ClientIdentity {
  readonly hub: string;
  readonly claims: JWTPayload;
}

/** Resolves the hub and verified claims of a client request, or throws HttpError (400 or 401). */
export async function authorizeClient(
  verifier: TokenVerifier,
  req: IncomingMessage,
  url: URL,
): Promise<ClientIdentity> {
  const hub = url.searchParams.get('hub');
  if (hub === null) {
    throw new HttpError(400, 'InvalidParameter', "The query parameter 'hub' is required.", 'hub');
  }
  const problem = checkValue(hub, hubSchema, 'hub');
  if (problem) throw new HttpError(400, 'InvalidParameter', problem, 'hub');
  const token = tokenOf(req.headers, url.searchParams);
  if (!token) {
    throw new HttpError(
      401,
      'Unauthorized',
      'An access token is required (access_token or Authorization).',
    );
  }
  try {
    const claims = await verifier.verify(token, signalRClientAudience(url, hub), {
      allowIssuedKeys: true,
    });
    return { hub, claims };
  } catch (error) {
    if (error instanceof AuthError) throw new HttpError(401, 'Unauthorized', error.message);
    throw error;
  }
}

/** The user id: `asrs.s.uid`, then `nameid` (short or long form), then `sub`. */
export function userOf(claims: JWTPayload): string | undefined {
  for (const claim of USER_CLAIMS) {
    const value = claims[claim];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Browsers send with credentials, so the Origin is echoed (never `*`) with Allow-Credentials. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

/** The answer to an OPTIONS preflight, allowing `methods` and whatever headers were asked for. */
export function preflightHeaders(req: IncomingMessage, methods: string): Record<string, string> {
  const headers: Record<string, string> = {
    ...corsHeaders(req),
    'access-control-allow-methods': methods,
    'access-control-max-age': '86400',
  };
  const requested = req.headers['access-control-request-headers'];
  if (requested) headers['access-control-allow-headers'] = requested;
  return headers;
}
