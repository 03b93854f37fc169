// What the emulator makes of an event handler's answer (reference-cloud-events.md), and the sentence
// that says so in the log. `connect`: 2xx accepts (a JSON body may set userId, groups, roles and
// subprotocol; 204 or no body accepts as is), any other status refuses the handshake with that status.
// User events: 2xx succeeds, and a body goes back to the client typed by its Content-Type; any other
// status fails the event. A handler that cannot be reached, is too slow or answers nonsense fails
// with a reason that says which; only 4xx answers' own text reaches the client (5xx bodies may hold
// stack traces). `ce-connectionState` on a 2xx answer replaces the connection's state.
import type { IncomingHttpHeaders } from 'node:http';
import { parameterSchema, webPubSubRouteTable } from '../http/route-table.js';
import { checkValue } from '../http/validate.js';
import { exceedsJsonDepth } from '../shared/json-depth.js';
import type { ConnectOutcome, UserEventOutcome } from '../webpubsub/events.js';
import { MetadataError, metadataFromHeaders } from '../webpubsub/protocols/metadata.js';
import type { DataType } from '../webpubsub/protocols/types.js';
import type { UpstreamAnswer } from './http-call.js';

const groupSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_AddConnectionToGroup', 'group');
/** The longest answer text passed on to a client as the reason of a refusal or failure. */
const MAX_DETAIL = 512;

export interface Interpreted<T> {
  readonly result: T;
  readonly ok: boolean;
  readonly outcome: string;
}

export function connectAnswer(answer: UpstreamAnswer): Interpreted<ConnectOutcome> {
  const { status } = answer;
  if (status < 200 || status >= 300) {
    const detail = clientDetail(answer);
    if (status < 400)
      return refuse(
        500,
        `The connect event handler answered ${status}, which is not a connect response.`,
      );
    const reason = detail ?? `The connect event handler refused the connection (${status}).`;
    return {
      result: { kind: 'refuse', status, reason },
      ok: false,
      outcome: `refused (${status})`,
    };
  }
  const connectionState = stateOf(answer.headers);
  const state = connectionState === undefined ? {} : { connectionState };
  if (status === 204 || answer.body.length === 0) {
    return { result: { kind: 'accept', ...state }, ok: true, outcome: 'accepted as is' };
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return refuse(500, 'The connect event handler answered a body that is not JSON.');
  }
  const problem = connectResponseProblem(body);
  if (problem) return refuse(500, `The connect event handler answered ${problem}.`);
  const { userId, groups, roles, subprotocol } = body as Record<string, never>;
  const accept = {
    kind: 'accept' as const,
    ...state,
    ...(userId == null ? {} : { userId: userId as string }),
    ...(groups == null ? {} : { groups: groups as string[] }),
    ...(roles == null ? {} : { roles: roles as string[] }),
    ...(subprotocol == null ? {} : { subprotocol: subprotocol as string }),
  };
  const as = accept.userId === undefined ? '' : ` as user ${accept.userId}`;
  return { result: accept, ok: true, outcome: `accepted${as}` };
}

function refuse(status: number, reason: string): Interpreted<ConnectOutcome> {
  return { result: { kind: 'refuse', status, reason }, ok: false, outcome: reason };
}

/** What is wrong with a connect response body, or undefined. */
function connectResponseProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'JSON that is not an object';
  const { userId, groups, roles, subprotocol } = body as Record<string, unknown>;
  if (userId != null && (typeof userId !== 'string' || userId === ''))
    return 'a userId that is not a non-empty string';
  if (subprotocol != null && typeof subprotocol !== 'string')
    return 'a subprotocol that is not a string';
  if (roles != null && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) {
    return 'roles that are not a list of strings';
  }
  if (groups != null) {
    if (!Array.isArray(groups)) return 'groups that are not a list of strings';
    const bad = groups.find((g) => typeof g !== 'string' || checkValue(g, groupSchema, 'group'));
    if (bad !== undefined)
      return `a group that is not a valid group name (${JSON.stringify(bad).slice(0, 60)})`;
  }
  return undefined;
}

const DATA_TYPES: Readonly<Record<string, DataType>> = {
  'text/plain': 'text',
  'application/json': 'json',
  'application/octet-stream': 'binary',
  'application/x-protobuf': 'protobuf',
};

export function userEventAnswer(answer: UpstreamAnswer): Interpreted<UserEventOutcome> {
  const { status, headers, body } = answer;
  if (status < 200 || status >= 300) {
    const detail = clientDetail(answer);
    const message = `The event handler answered ${status}${detail ? `: ${detail}` : '.'}`;
    return {
      result: { kind: 'failure', status, message },
      ok: false,
      outcome: `failed (${status})`,
    };
  }
  const connectionState = stateOf(headers);
  const state = connectionState === undefined ? {} : { connectionState };
  let metadata: ReturnType<typeof metadataFromHeaders>;
  try {
    metadata = metadataFromHeaders(headers);
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    return fail(`The event handler answered metadata that is not valid: ${error.message}`);
  }
  if (body.length === 0 && !metadata) {
    return { result: { kind: 'success', ...state }, ok: true, outcome: 'no reply' };
  }
  const mediaType =
    (headers['content-type'] ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() ??
    '';
  // An empty body is text whatever its Content-Type, as Microsoft's emulator notes the service does.
  const dataType = body.length === 0 ? 'text' : DATA_TYPES[mediaType];
  if (!dataType) {
    return fail(
      `The event handler answered Content-Type ${mediaType}; use text/plain, application/json or application/octet-stream.`,
    );
  }
  if (dataType === 'json' && !isJson(body)) {
    return fail(
      'The event handler answered Content-Type application/json with a body that is not JSON.',
    );
  }
  const reply = { dataType, bytes: body, ...(metadata ? { metadata } : {}) };
  return {
    result: { kind: 'success', reply, ...state },
    ok: true,
    outcome: `reply (${dataType}, ${body.length} bytes)`,
  };
}

function fail(message: string): Interpreted<UserEventOutcome> {
  return { result: { kind: 'failure', status: 500, message }, ok: false, outcome: message };
}

function isJson(body: Buffer): boolean {
  const text = body.toString('utf8');
  if (exceedsJsonDepth(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `ce-connectionState` of an answer; an empty value clears the state. */
function stateOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['ce-connectionstate'];
  return Array.isArray(value) ? value.at(-1) : value;
}

/** A 4xx answer's text, short and printable, for the client; 5xx bodies stay in the app. */
function clientDetail({ status, body }: UpstreamAnswer): string | undefined {
  if (status < 400 || status >= 500 || body.length === 0 || body.length > MAX_DETAIL)
    return undefined;
  const text = body.toString('utf8').trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters make it unprintable
  return text && !/[\x00-\x08\x0b-\x1f\x7f\ufffd]/.test(text) ? text : undefined;
}
