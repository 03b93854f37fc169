// The inspector's HTTP side, under /_hubcast/inspector on the Web PubSub port (a prefix no service
// route uses): the page, `api/state` (the snapshot), `api/events` (kept timeline events), `api/stream`
// (server-sent events) and `api/actions`. It is answered before the service's router and is neither
// logged nor put on the timeline.
//
// Other web pages must not use it. Reads: no CORS headers, so another origin cannot read an answer;
// and on loopback only loopback Host names are answered, so a DNS-rebound name cannot either. Actions
// (POST) also need the `X-Hubcast-Inspector` header and a JSON body, which a cross-site form or
// `fetch` cannot send without a CORS preflight this server never grants, and an `Origin`, when sent,
// must be the inspector's own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, sendError, sendJson } from '../http/respond.js';
import { type ActionTarget, runAction } from './actions.js';
import type { PageFiles } from './page-files.js';
import type { InspectedServices } from './snapshot.js';
import { filterOf, openStream } from './stream.js';
import type { Timeline } from './timeline.js';
import type { InspectorSnapshot, ServiceName } from './types.js';

export const INSPECTOR_PATH = '/_hubcast/inspector';
/** The header actions must carry (any value). */
export const ACTION_HEADER = 'x-hubcast-inspector';
const MAX_ACTION_BYTES = 1024 * 1024 + 4096;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export interface InspectorHttpContext {
  readonly timeline: Timeline;
  readonly services: InspectedServices;
  readonly actions: Readonly<Record<ServiceName, ActionTarget>>;
  readonly snapshot: () => InspectorSnapshot;
  readonly files: PageFiles;
  /** Whether a Host header names this inspector (false for names a rebinding attack would use). */
  readonly hostAllowed: (host: string) => boolean;
}

/** Answers the inspector's requests; returns false for every other path. */
export function inspectorRequests(ctx: InspectorHttpContext) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    const { pathname } = url;
    if (pathname !== INSPECTOR_PATH && !pathname.startsWith(`${INSPECTOR_PATH}/`)) return false;
    handle(ctx, req, res, url).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const status = error instanceof HttpError ? error : internal(error);
      sendError(req, res, status, SECURITY_HEADERS);
    });
    return true;
  };
}

async function handle(
  ctx: InspectorHttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (!ctx.hostAllowed(req.headers.host ?? '')) {
    throw new HttpError(403, 'Forbidden', 'The inspector answers loopback host names only.');
  }
  const method = req.method ?? 'GET';
  const rest = url.pathname.slice(INSPECTOR_PATH.length);
  if (rest === '/api/actions') return action(ctx, req, res);
  if (method !== 'GET' && method !== 'HEAD') {
    throw new HttpError(405, 'MethodNotAllowed', 'Use GET.', undefined, { allow: 'GET, HEAD' });
  }
  if (rest === '') {
    res.writeHead(308, { location: `${INSPECTOR_PATH}/`, ...SECURITY_HEADERS });
    return void res.end();
  }
  if (rest === '/api/state') return sendJson(req, res, 200, ctx.snapshot(), SECURITY_HEADERS);
  if (rest === '/api/events') {
    const after = Number(url.searchParams.get('since') ?? 0);
    const events = ctx.timeline.since(
      Number.isFinite(after) ? after : 0,
      filterOf(url.searchParams),
    );
    const { lastSeq } = ctx.timeline.stats;
    return sendJson(req, res, 200, { events, lastSeq }, SECURITY_HEADERS);
  }
  if (rest === '/api/stream') return openStream(ctx, req, res, url);
  return page(ctx, req, res, rest === '/' ? 'index.html' : rest.slice(1));
}

function page(ctx: InspectorHttpContext, req: IncomingMessage, res: ServerResponse, name: string) {
  if (ctx.files.missing) {
    const where = ctx.files.dir.pathname;
    throw new HttpError(404, 'NotFound', `The inspector page is missing from ${where}.`);
  }
  const file = ctx.files.get(name);
  if (!file) throw new HttpError(404, 'NotFound', `The inspector has no file '${name}'.`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': file.contentType,
    'content-length': file.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

async function action(ctx: InspectorHttpContext, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST') {
    throw new HttpError(405, 'MethodNotAllowed', 'Use POST.', undefined, { allow: 'POST' });
  }
  const origin = req.headers.origin;
  if (req.headers[ACTION_HEADER] === undefined) {
    throw new HttpError(403, 'Forbidden', `Actions need the ${ACTION_HEADER} header.`);
  }
  if (origin !== undefined && origin !== `http://${req.headers.host}`) {
    throw new HttpError(403, 'Forbidden', 'Actions are taken from the inspector page only.');
  }
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    const message = 'Content-Type must be application/json.';
    throw new HttpError(415, 'UnsupportedMediaType', message, 'Content-Type');
  }
  let input: unknown;
  try {
    input = JSON.parse((await readBody(req, MAX_ACTION_BYTES)).toString('utf8'));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'InvalidAction', 'The body is not valid JSON.', 'body');
  }
  const outcome = await runAction(input, ctx.actions, ctx.timeline);
  if (outcome.error) {
    throw new HttpError(outcome.status, outcome.error.code, outcome.error.message);
  }
  sendJson(req, res, 200, outcome, SECURITY_HEADERS);
}

function internal(error: unknown): HttpError {
  const detail = error instanceof Error ? error.message : String(error);
  return new HttpError(500, 'InternalServerError', detail);
}
