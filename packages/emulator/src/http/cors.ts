// CORS for REST routes, so browser-based tools can call the emulator: preflights (OPTIONS) are answered
// with the methods the path takes, and every answer to a cross-origin request echoes its Origin. The
// Origin is echoed (not `*`) with Allow-Credentials, so fetches with credentials work too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEmpty } from './respond.js';

const EXPOSED = 'x-ms-error-code, content-length, content-type, allow';

/** Adds the CORS headers of a cross-origin request to `res`; returns true when it was a preflight. */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  methodsFor: () => readonly string[],
): boolean {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', EXPOSED);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  const methods = [...new Set([...methodsFor(), 'OPTIONS'])].join(', ');
  const headers: Record<string, string> = { allow: methods };
  if (origin) {
    headers['access-control-allow-methods'] = methods;
    headers['access-control-max-age'] = '86400';
    const requested = req.headers['access-control-request-headers'];
    if (requested) headers['access-control-allow-headers'] = requested;
  }
  sendEmpty(res, 204, headers);
  return true;
}
