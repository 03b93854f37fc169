// Requests can be observed: the headers every request carries (User-Agent, a client request id kept
// across retries, the caller's custom headers), the per-call request options, and the hooks
// (loggingOptions.logger per attempt, additionalPolicies per call and per attempt, onResponse per
// call), checked against what a loopback recording server received.
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type PipelinePolicy,
  type RequestLogEntry,
  RestError,
  SignalRServiceClient,
  WebPubSubServiceClient,
} from '../src/index.js';
import { json, type Reply, successReply, useRecordingServer } from './helpers/recording-server.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KEY = 'b2JzZXJ2YWJpbGl0eSB0ZXN0IGtleSwgbmV2ZXIgc2hvd24h';

/** Replies for the next requests, in order; then successReply. */
let script: Reply[] = [];
const server = useRecordingServer((request) => script.shift() ?? successReply(request));
let cs: string;

beforeAll(() => {
  cs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`;
});
beforeEach(() => {
  script = [];
});

const fast = { retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 5 } };

describe('headers of every request', () => {
  it('User-Agent: hubcast/<version> (<runtime>/<version>), with the prefix', async () => {
    await new WebPubSubServiceClient(cs, 'hub').sendToAll('x');
    const prefixed = new SignalRServiceClient(cs, 'hub', {
      userAgentOptions: { userAgentPrefix: 'checkout/1.4' },
    });
    await prefixed.sendToAll('t');
    const [plain, withPrefix] = server.take();
    const expected = `hubcast/${version} (Node.js/${process.versions.node})`;
    expect(plain?.headers['user-agent']).toBe(expected);
    expect(withPrefix?.headers['user-agent']).toBe(`checkout/1.4 ${expected}`);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('x-ms-client-request-id: a UUID per call, the same on each retry of it', async () => {
    const client = new WebPubSubServiceClient(cs, 'hub', fast);
    script = [{ status: 503 }, { status: 503 }];
    await client.sendToAll('x');
    await client.sendToAll('y');
    const sent = server.take();
    expect(sent).toHaveLength(4);
    const ids = sent.map((r) => String(r.headers['x-ms-client-request-id']));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[0]);
  });

  it('custom headers, a caller-given request id, and telemetryOptions.clientRequestIdHeaderName', async () => {
    await new WebPubSubServiceClient(cs, 'hub').sendToAll('x', {
      requestOptions: { customHeaders: { 'x-app': 'a1', 'x-ms-client-request-id': 'mine-1' } },
    });
    await new SignalRServiceClient(cs, 'hub', {
      telemetryOptions: { clientRequestIdHeaderName: 'x-correlation-id' },
    }).userExists('u');
    const [custom, renamed] = server.take();
    expect(custom?.headers['x-app']).toBe('a1');
    expect(custom?.headers['x-ms-client-request-id']).toBe('mine-1');
    expect(String(renamed?.headers['x-correlation-id'])).toMatch(UUID);
    expect(renamed?.headers['x-ms-client-request-id']).toBeUndefined();
  });

  it('requestOptions.timeout limits each attempt of that call', async () => {
    const client = new WebPubSubServiceClient(cs, 'hub', { retryOptions: { maxRetries: 0 } });
    server.respond = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return successReply(request);
    };
    try {
      const error = await client
        .userExists('u', { requestOptions: { timeout: 50 } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestError);
      expect((error as RestError).message).toContain('timed out after 50 ms');
    } finally {
      server.respond = (request) => script.shift() ?? successReply(request);
    }
  });
});

describe('loggingOptions.logger', () => {
  it('gets every attempt: method, URL (query values redacted), status, duration, retry, ids', async () => {
    const lines: string[] = [];
    const entries: RequestLogEntry[] = [];
    const client = new WebPubSubServiceClient(cs, 'hub', {
      ...fast,
      loggingOptions: {
        logger: (line, entry) => {
          lines.push(line);
          entries.push(entry);
        },
        additionalAllowedQueryParameters: ['messageTtlSeconds'],
      },
    });
    script = [{ status: 503, headers: { 'x-ms-request-id': 'svc-1' } }];
    await client.sendToAll('x', { filter: "userId eq 'alice'", messageTtlSeconds: 5 });
    expect(entries).toHaveLength(2);
    const [first, second] = entries;
    expect(first).toMatchObject({
      method: 'POST',
      status: 503,
      retryCount: 0,
      serviceRequestId: 'svc-1',
    });
    expect(second).toMatchObject({ method: 'POST', status: 202, retryCount: 1 });
    expect(first?.requestId).toMatch(UUID);
    expect(second?.requestId).toBe(first?.requestId);
    const url = new URL(String(first?.url));
    expect(url.pathname).toBe('/api/hubs/hub/:send');
    expect(url.searchParams.get('api-version')).toBe('2024-12-01');
    expect(url.searchParams.get('messageTtlSeconds')).toBe('5');
    expect(url.searchParams.get('filter')).toBe('REDACTED');
    for (const entry of entries) expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(lines[0]).toMatch(
      new RegExp(
        `^POST http://127\\.0\\.0\\.1:\\d+/api/hubs/hub/:send\\?.* → 503 in \\d+ ms \\(retry 0, request id ${first?.requestId}\\)$`,
      ),
    );
  });

  it('logs an attempt that got no answer with why', async () => {
    const entries: RequestLogEntry[] = [];
    const client = new WebPubSubServiceClient('http://127.0.0.1:1', { key: KEY }, 'hub', {
      retryOptions: { maxRetries: 0 },
      loggingOptions: { logger: (_line, entry) => entries.push(entry) },
    });
    await expect(client.userExists('u')).rejects.toThrow(RestError);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.status).toBeUndefined();
    expect(entries[0]?.error).toBeTruthy();
  });
});

describe('additionalPolicies', () => {
  it('perCall runs once around the retries, perRetry around each attempt; neither sees Authorization', async () => {
    const seen: string[] = [];
    const policy = (name: string): PipelinePolicy => ({
      name,
      async sendRequest(request, next) {
        seen.push(
          `${name} ${request.retryCount ?? '-'} auth:${request.headers.has('authorization')}`,
        );
        request.headers.set(`x-${name}`, String(request.retryCount ?? 'call'));
        const response = await next(request);
        seen.push(`${name} got ${response.status}`);
        return response;
      },
    });
    const client = new SignalRServiceClient(cs, 'hub', {
      ...fast,
      additionalPolicies: [
        { position: 'perRetry', policy: policy('attempt') },
        { position: 'perCall', policy: policy('call') },
      ],
    });
    script = [{ status: 429 }];
    await client.sendToAll('t', ['a']);
    expect(seen).toEqual([
      'call - auth:false',
      'attempt 0 auth:false',
      'attempt got 429',
      'attempt 1 auth:false',
      'attempt got 202',
      'call got 202',
    ]);
    const sent = server.take();
    expect(sent.map((r) => [r.headers['x-call'], r.headers['x-attempt']])).toEqual([
      ['call', '0'],
      ['call', '1'],
    ]);
    // The credential is still on the wire.
    for (const r of sent) expect(String(r.headers.authorization)).toMatch(/^Bearer eyJ/);
  });

  it('hands the caller’s tracing context to the policies', async () => {
    let context: unknown;
    const client = new WebPubSubServiceClient(cs, 'hub', {
      additionalPolicies: [
        {
          position: 'perCall',
          policy: {
            name: 'trace',
            sendRequest: (request, next) => {
              context = request.tracingContext;
              return next(request);
            },
          },
        },
      ],
    });
    const tracingContext = { span: 'parent' };
    await client.groupExists('g', { tracingOptions: { tracingContext } });
    expect(context).toBe(tracingContext);
  });
});

describe('onResponse', () => {
  it('is called once per call with the final response, its request and no credential', async () => {
    const calls: unknown[][] = [];
    const client = new WebPubSubServiceClient(cs, 'hub', fast);
    script = [{ status: 503 }];
    await client.sendToAll({ a: 1 }, { onResponse: (...args) => calls.push(args) });
    expect(calls).toHaveLength(1);
    const [raw, flat, error] = calls[0] as [
      {
        status: number;
        request: { url: string; method: string; headers: Headers; requestId: string };
      },
      unknown,
      unknown,
    ];
    expect(raw.status).toBe(202);
    expect(flat).toBeUndefined();
    expect(error).toBeUndefined();
    expect(raw.request.method).toBe('POST');
    expect(raw.request.url).toContain('/api/hubs/hub/:send?api-version=2024-12-01');
    expect(raw.request.requestId).toMatch(UUID);
    expect(raw.request.headers.get('x-ms-client-request-id')).toBe(raw.request.requestId);
    expect(raw.request.headers.has('authorization')).toBe(false);
  });

  it('gets the error the call throws, and an existence check’s 404 as no error', async () => {
    const client = new WebPubSubServiceClient(cs, 'hub');
    const seen: [number, unknown][] = [];
    const onResponse = (raw: { status: number }, _flat: unknown, error?: unknown) =>
      seen.push([raw.status, error]);
    script = [json(400, { code: 'InvalidRequest', message: 'no' }), { status: 404 }];
    const thrown = await client.closeConnection('c', { onResponse }).catch((e: unknown) => e);
    expect(await client.userExists('u', { onResponse })).toBe(false);
    expect(seen[0]?.[0]).toBe(400);
    expect(seen[0]?.[1]).toBeInstanceOf(RestError);
    expect((seen[0] as [number, RestError])[1].message).toBe((thrown as RestError).message);
    expect(seen[1]).toEqual([404, undefined]);
  });
});

describe('RestError.request and .response', () => {
  it('carry the request (no Authorization, credential-like headers REDACTED) and the response', async () => {
    const client = new WebPubSubServiceClient(cs, 'hub', {
      loggingOptions: { additionalAllowedHeaderNames: ['x-api-key-name'] },
    });
    script = [json(403, { code: 'Forbidden', message: 'denied' }, { 'x-ms-request-id': 'svc-9' })];
    const error = (await client
      .sendToUser('u', 'x', {
        requestOptions: {
          customHeaders: {
            'Ocp-Apim-Subscription-Key': 'apim-secret',
            'x-api-key-name': 'primary',
          },
        },
      })
      .catch((e: unknown) => e)) as RestError;
    expect(error).toBeInstanceOf(RestError);
    expect(Object.keys(error)).not.toContain('request');
    expect(Object.keys(error)).not.toContain('response');
    expect(error.request?.method).toBe('POST');
    expect(error.request?.url).toContain('/api/hubs/hub/users/u/:send');
    expect(error.request?.requestId).toMatch(UUID);
    expect(error.request?.headers.has('authorization')).toBe(false);
    expect(error.request?.headers.get('ocp-apim-subscription-key')).toBe('REDACTED');
    expect(error.request?.headers.get('x-api-key-name')).toBe('primary');
    expect(error.response?.status).toBe(403);
    expect(error.response?.headers.get('x-ms-request-id')).toBe('svc-9');
    expect(error.response?.bodyAsText).toBe('{"code":"Forbidden","message":"denied"}');
    expect(error.response?.parsedBody).toEqual({ code: 'Forbidden', message: 'denied' });
  });

  it('a request that got no answer carries the request', async () => {
    const client = new WebPubSubServiceClient('http://127.0.0.1:1', { key: KEY }, 'hub', {
      retryOptions: { maxRetries: 0 },
    });
    const error = (await client.userExists('u').catch((e: unknown) => e)) as RestError;
    expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
    expect(error.request?.url).toContain('/api/hubs/hub/users/u');
    expect(error.response).toBeUndefined();
  });
});

describe('requests fetch refuses', () => {
  it('say so, and are not retried (a blocked port)', async () => {
    const attempts: number[] = [];
    const client = new WebPubSubServiceClient('http://127.0.0.1:6000', { key: KEY }, 'hub', {
      loggingOptions: { logger: (_l, entry) => attempts.push(entry.retryCount) },
    });
    const error = (await client.sendToAll('x').catch((e: unknown) => e)) as RestError;
    expect(error).toBeInstanceOf(RestError);
    expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
    expect(error.message).toMatch(
      /was refused by fetch before it was sent \(bad port\), so nothing reached the service$/,
    );
    expect(error.message).not.toContain('may already have processed');
    expect(attempts).toEqual([0]);
  });
});
