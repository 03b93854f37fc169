// A call without `client`, and `throwOnError`, on both entry points (v1 and 2024-12-01).
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../../../scripts/lib/recording-fetch.mjs';
import * as current from '../src/2024-12-01.js';
import * as v1 from '../src/index.js';

const BASE = 'https://demo.service.signalr.net';

describe('a call without options.client', () => {
  it('rejects with a TypeError that says what to pass (v1)', async () => {
    const call = v1.signalRBroadcast({ path: { hub: 'chat' }, body: { Target: 't' } } as never);
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(
      /^options\.client is missing: pass the client that createClient\(\) returns \(or createSignalRRestClient\(\) of @hubcast\/server/,
    );
  });

  it('rejects with a TypeError that says what to pass (2024-12-01)', async () => {
    const call = current.signalRBroadcast({
      path: { hub: 'chat' },
      query: { 'api-version': '2024-12-01' },
      body: { target: 't' },
    } as never);
    await expect(call).rejects.toThrow(/^options\.client is missing/);
  });
});

describe('throwOnError', () => {
  it.each([
    [
      'v1',
      v1.ResponseError,
      (client: v1.Client) =>
        v1.signalRCheckUserExistence({
          client,
          path: { hub: 'chat', user: 'u' },
          throwOnError: true,
        }),
    ],
    [
      '2024-12-01',
      current.ResponseError,
      (client: v1.Client) =>
        current.signalRCheckUserExistence({
          client,
          path: { hub: 'chat', user: 'u' },
          query: { 'api-version': '2024-12-01' },
          throwOnError: true,
        }),
    ],
  ] as const)('throws a ResponseError (%s)', async (_name, ResponseError, call) => {
    const detail = { code: 'Unauthorized', message: 'The token is not valid.' };
    const { fetch } = recordingFetch(() => new Response(JSON.stringify(detail), { status: 401 }));
    const error = await call(v1.createClient({ baseUrl: BASE, fetch })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toBeInstanceOf(Error);
    expect((error as v1.ResponseError).message).toBe(
      'The service answered 401: The token is not valid.',
    );
    expect((error as v1.ResponseError).status).toBe(401);
    expect((error as v1.ResponseError).body).toEqual(detail);
  });
});
