// One request pipeline for both services: route (from the generated table) → authenticate → validate
// parameters → read and check the body → run the operation's handler → answer with its status.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AuthError } from '../auth/token-verifier.js';
import { NO_PROBE, type Probe, type RestNote } from '../inspector/probe.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../shared/json-depth.js';
import { HttpError, readBody, sendEmpty, sendError, sendJson } from './respond.js';
import type { RouteSpec } from './route-spec.js';
import type { Router } from './router.js';
import {
  canonicalKeys,
  checkValue,
  type ParamValue,
  ValidationError,
  validateParameters,
} from './validate.js';

/** The services reject bodies over 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface RequestBody {
  /** The media type without parameters, lowercased (one of the route's content types). */
  readonly contentType: string;
  readonly bytes: Buffer;
  /** The parsed value for application/json bodies. */
  readonly json?: unknown;
}

export interface RestRequest {
  readonly route: RouteSpec;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly body: RequestBody | null;
  /** The request URL as the client addressed it (http://host/path?query). */
  readonly url: URL;
  /** All request headers, for header families the spec cannot declare (`X-WebPubSub-Metadata-*`). */
  readonly headers: IncomingHttpHeaders;
}

/** What a handler answers: nothing (the route's success status), a JSON body, or an existence check. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that only change state return nothing
export type RestResult = void | { readonly json: unknown } | { readonly exists: boolean };
export type RestHandler = (request: RestRequest) => RestResult | Promise<RestResult>;
export type RestHandlers = Readonly<Record<string, RestHandler>>;

export interface RestDispatcherOptions {
  readonly router: Router;
  readonly handlers: RestHandlers;
  /** Throws AuthError when the request's token is not acceptable for `url`. */
  readonly authenticate: (req: IncomingMessage, url: URL) => Promise<void>;
  /** Operations answered without a token (a readiness probe), as Microsoft's emulator does. */
  readonly anonymous?: readonly string[];
  /** JSON property names match the schema's case-insensitively (ASP.NET Core binding). */
  readonly caseInsensitiveJson?: boolean;
  /** The hub a request addresses (default: the `hub` path parameter), for the inspector's timeline. */
  readonly hubOf?: (
    path: Readonly<Record<string, string>>,
    query: URLSearchParams,
  ) => string | undefined;
  /** The inspector's hook: what each request was about, and its body while someone watches. */
  readonly probe?: Probe;
}

/** A request as the pipeline reads it, from HTTP or from the inspector's actions. */
export interface OperationRequest {
  readonly method: string;
  /** The request URL as the client addressed it (http://host/path?query). */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly readBody: () => Promise<Buffer>;
}

/** What an operation answered: its route and the handler's result. Failures throw HttpError. */
export interface OperationAnswer {
  readonly route: RouteSpec;
  readonly result: RestResult;
}

export interface RestDispatcher {
  /** Answers one HTTP request: route, authenticate, validate, run the handler, respond. */
  (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /**
   * Runs a request through the same pipeline without authentication, for callers inside the emulator
   * (the inspector's actions). Throws HttpError as the HTTP side would answer it.
   */
  perform(request: OperationRequest): Promise<OperationAnswer>;
}

export function createRestDispatcher(options: RestDispatcherOptions): RestDispatcher {
  const probe = options.probe ?? NO_PROBE;
  const dispatch = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      const request = {
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        readBody: () => readBody(req, MAX_BODY_BYTES),
      };
      const note = probe.restNote(req);
      const authenticate = () => authenticateOr401(options, req, url);
      const { route, result } = await run(options, request, authenticate, note, probe);
      respond(req, res, route, result);
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof HttpError) return sendError(req, res, error);
      const detail = error instanceof Error ? error.message : String(error);
      sendError(req, res, new HttpError(500, 'InternalServerError', detail));
    }
  };
  return Object.assign(dispatch, {
    perform: (request: OperationRequest) => run(options, request, undefined, undefined, NO_PROBE),
  });
}

async function run(
  options: RestDispatcherOptions,
  request: OperationRequest,
  authenticate: (() => Promise<void>) | undefined,
  note: RestNote | undefined,
  probe: Probe,
): Promise<OperationAnswer> {
  const { method, url } = request;
  const match = options.router.match(method, url.pathname);
  if (match.kind === 'not-found') {
    throw new HttpError(404, 'NotFound', `No operation matches ${method} ${url.pathname}.`);
  }
  if (match.kind === 'bad-path') throw new HttpError(400, 'InvalidRequest', match.message);
  if (match.kind === 'method-not-allowed') {
    const allowed = match.allowed.join(', ');
    const message = `Use ${match.allowed.join(' or ')} on this path.`;
    throw new HttpError(405, 'MethodNotAllowed', message, undefined, { allow: allowed });
  }
  const { route } = match;
  if (note) noteRoute(note, route, match.pathParams, url, options);
  if (authenticate && !options.anonymous?.includes(route.operationId)) await authenticate();
  const params = validate(route, match.pathParams, url, request.headers);
  let body: RequestBody | null = null;
  if (route.requestBody) {
    const bytes = await request.readBody();
    if (note) noteBody(note, request.headers, bytes, probe);
    body = checkRequestBody(route, bytes, request.headers, options.caseInsensitiveJson === true);
  }
  const handler = options.handlers[route.operationId];
  if (!handler) {
    throw new HttpError(501, 'NotImplemented', `${route.operationId} is not implemented.`);
  }
  const headers = request.headers;
  return { route, result: await handler({ route, params, body, url, headers }) };
}

/** What the timeline shows of a REST call: its operation and the names it addresses. */
function noteRoute(
  note: RestNote,
  route: RouteSpec,
  pathParams: Record<string, string>,
  url: URL,
  options: RestDispatcherOptions,
): void {
  note.operation = route.operationId;
  const hub = options.hubOf ? options.hubOf(pathParams, url.searchParams) : pathParams.hub;
  if (hub !== undefined) note.hub = hub;
  const { connectionId, group } = pathParams;
  const userId = pathParams.userId ?? pathParams.user;
  if (connectionId !== undefined) note.connectionId = connectionId;
  if (userId !== undefined) note.userId = userId;
  if (group !== undefined) note.group = group;
}

const PREVIEWED = /^(text\/plain|application\/json)\b/i;

/** The body's size and type; its text only while someone watches. */
function noteBody(note: RestNote, headers: IncomingHttpHeaders, bytes: Buffer, probe: Probe) {
  note.requestBytes = bytes.length;
  const contentType = headers['content-type'];
  if (contentType !== undefined) note.contentType = contentType;
  if (!probe.watching || !contentType || !PREVIEWED.test(contentType)) return;
  const body = probe.preview(bytes, 'text');
  if (body !== undefined) note.body = body;
}

async function authenticateOr401(options: RestDispatcherOptions, req: IncomingMessage, url: URL) {
  try {
    await options.authenticate(req, url);
  } catch (error) {
    if (error instanceof AuthError) throw new HttpError(401, 'Unauthorized', error.message);
    throw error;
  }
}

function validate(
  route: RouteSpec,
  pathParams: Record<string, string>,
  url: URL,
  headers: IncomingHttpHeaders,
): Record<string, ParamValue> {
  try {
    return validateParameters(route, { path: pathParams, query: url.searchParams, headers });
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new HttpError(400, 'InvalidParameter', error.message, error.target);
    }
    throw error;
  }
}

function checkRequestBody(
  route: RouteSpec,
  bytes: Buffer,
  headers: IncomingHttpHeaders,
  caseInsensitive: boolean,
): RequestBody | null {
  const spec = route.requestBody;
  if (!spec) return null;
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpError(
      413,
      'PayloadTooLarge',
      `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
    );
  }
  const header = headers['content-type'];
  if (header === undefined && bytes.length === 0) {
    if (spec.required)
      throw new HttpError(400, 'InvalidRequestBody', 'A request body is required.', 'body');
    return null;
  }
  const contentType = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!spec.contentTypes.includes(contentType)) {
    throw new HttpError(
      415,
      'UnsupportedMediaType',
      `Content-Type must be one of ${spec.contentTypes.join(', ')}.`,
      'Content-Type',
    );
  }
  if (contentType !== 'application/json') return { contentType, bytes };
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'InvalidRequestBody', 'The request body is not valid JSON.', 'body');
  }
  if (exceedsJsonDepth(text)) {
    const message = `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`;
    throw new HttpError(400, 'InvalidRequestBody', message, 'body');
  }
  const schema = spec.schemas[contentType] ?? {};
  if (caseInsensitive) json = canonicalKeys(json, schema);
  const problem = checkValue(json, schema, 'body');
  if (problem) throw new HttpError(400, 'InvalidRequestBody', problem, 'body');
  return { contentType, bytes, json };
}

function respond(req: IncomingMessage, res: ServerResponse, route: RouteSpec, result: RestResult) {
  if (result && 'exists' in result) {
    if (result.exists) return sendEmpty(res, 200);
    return sendError(req, res, new HttpError(404, 'NotFound', 'The target does not exist.'));
  }
  const status = route.successStatuses[0] ?? 200;
  if (result && 'json' in result) return sendJson(req, res, status, result.json);
  sendEmpty(res, status);
}
