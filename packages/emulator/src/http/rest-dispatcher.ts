// One request pipeline for both services: route (from the generated table) → authenticate → validate
// parameters → read and check the body → run the operation's handler → answer with its status.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AuthError } from '../auth/token-verifier.js';
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
}

export function createRestDispatcher(options: RestDispatcherOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      const match = options.router.match(req.method ?? 'GET', url.pathname);
      if (match.kind === 'not-found') {
        throw new HttpError(404, 'NotFound', `No operation matches ${req.method} ${url.pathname}.`);
      }
      if (match.kind === 'bad-path') throw new HttpError(400, 'InvalidRequest', match.message);
      if (match.kind === 'method-not-allowed') {
        res.setHeader('allow', match.allowed.join(', '));
        throw new HttpError(
          405,
          'MethodNotAllowed',
          `Use ${match.allowed.join(' or ')} on this path.`,
        );
      }
      const { route } = match;
      if (!options.anonymous?.includes(route.operationId)) {
        await authenticateOr401(options, req, url);
      }
      const params = validate(route, match.pathParams, url, req);
      const body = route.requestBody
        ? await readRequestBody(route, req, options.caseInsensitiveJson === true)
        : null;
      const handler = options.handlers[route.operationId];
      if (!handler)
        throw new HttpError(501, 'NotImplemented', `${route.operationId} is not implemented.`);
      const headers = req.headers;
      respond(req, res, route, await handler({ route, params, body, url, headers }));
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof HttpError) return sendError(req, res, error);
      const detail = error instanceof Error ? error.message : String(error);
      sendError(req, res, new HttpError(500, 'InternalServerError', detail));
    }
  };
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
  req: IncomingMessage,
): Record<string, ParamValue> {
  try {
    return validateParameters(route, {
      path: pathParams,
      query: url.searchParams,
      headers: req.headers,
    });
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new HttpError(400, 'InvalidParameter', error.message, error.target);
    }
    throw error;
  }
}

async function readRequestBody(
  route: RouteSpec,
  req: IncomingMessage,
  caseInsensitive: boolean,
): Promise<RequestBody | null> {
  const spec = route.requestBody;
  if (!spec) return null;
  const bytes = await readBody(req, MAX_BODY_BYTES);
  const header = req.headers['content-type'];
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
