// The HTTP requests SignalR Service sends upstream in serverless mode (concept-upstream.md, and
// Microsoft's emulator Upstreams/HttpUpstreamTrigger.cs): `X-ASRS-Connection-Id`, `X-ASRS-Hub`,
// `X-ASRS-Category`, `X-ASRS-Event`, `X-ASRS-User-Id` (when the connection has a user),
// `X-ASRS-User-Claims` (`type: value` pairs joined by ", ", .NET's Claim.ToString), `X-ASRS-Client-Query`
// (the connect query, starting with `?`, without access_token and the connection token) and
// `X-ASRS-Signature`. Bodies: the invocation as the client sent it without framing, `{"type":10}` for
// connected and `{"Type":11,"Error":…}` for disconnected (HttpServerlessMessageHandler.cs).
import type { SrConnection } from '../signalr/connection.js';
import { headerValue } from './http-call.js';
import type { Category } from './settings.js';
import { connectionSignature } from './signature.js';

export const CONNECTED_BODY = Buffer.from('{"type":10}');

export function disconnectedBody(error: string | undefined): Buffer {
  return Buffer.from(
    JSON.stringify(error === undefined ? { Type: 11 } : { Type: 11, Error: error }),
  );
}

export function upstreamHeaders(
  conn: SrConnection,
  category: Category,
  event: string,
  contentType: string,
  accessKey: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'X-ASRS-Connection-Id': conn.id,
    'X-ASRS-Hub': conn.hub,
    'X-ASRS-Category': category,
    'X-ASRS-Event': headerValue(event),
    'X-ASRS-Signature': connectionSignature(accessKey, conn.id, 'upper'),
  };
  if (conn.userId !== undefined) headers['X-ASRS-User-Id'] = headerValue(conn.userId);
  const claims = claimStrings(conn.claims);
  if (claims) headers['X-ASRS-User-Claims'] = headerValue(claims);
  const query = conn.query.toString();
  if (query) headers['X-ASRS-Client-Query'] = `?${query}`;
  return headers;
}

/** Each claim value as `type: value`, one per array element, joined by ", ". */
function claimStrings(claims: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [type, value] of Object.entries(claims)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(`${type}: ${typeof item === 'string' ? item : JSON.stringify(item)}`);
    }
  }
  return parts.join(', ');
}
