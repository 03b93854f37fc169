// What a caller of the raw operations sees when something goes wrong: a call without `client` and an
// error answer with `throwOnError: true` both end in real Errors with messages that say what happened.
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../../../scripts/lib/recording-fetch.mjs';
import * as api from '../src/index.js';

const BASE = 'https://demo.webpubsub.azure.com';
const query = { 'api-version': '2024-12-01' };

describe('a call without options.client', () => {
  it('rejects with a TypeError that says what to pass', async () => {
    const call = api.webPubSubSendToAll({ path: { hub: 'chat' }, query, body: 'x' } as never);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^options\.client is missing: pass the client that createClient\(\) returns/,
    );
    expect((error as Error).message).toContain('createWebPubSubRestClient() of @hubcast/server');
  });

  it('rejects the same way for every HTTP method', async () => {
    const head = api.webPubSubGroupExists({ path: { hub: 'chat', group: 'g' }, query } as never);
    const del = api.webPubSubCloseConnection({
      path: { hub: 'chat', connectionId: 'c' },
      query,
    } as never);
    const put = api.webPubSubAddUserToGroup({
      path: { hub: 'chat', group: 'g', userId: 'u' },
      query,
    } as never);
    for (const call of [head, del, put]) {
      await expect(call).rejects.toThrow(/options\.client is missing/);
    }
  });
});

describe('throwOnError', () => {
  it('throws a ResponseError with the status, the parsed ErrorDetail and the response', async () => {
    const detail = { code: 'InvalidRequest', message: 'The group name is not valid.' };
    const { fetch, requests } = recordingFetch(
      () =>
        new Response(JSON.stringify(detail), {
          status: 400,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = api.createClient({ baseUrl: BASE, fetch });
    const error = await api
      .webPubSubGroupExists({
        client,
        path: { hub: 'chat', group: 'g' },
        query,
        throwOnError: true,
      })
      .catch((e: unknown) => e);
    expect(requests).toHaveLength(1);
    expect(error).toBeInstanceOf(api.ResponseError);
    expect(error).toBeInstanceOf(Error);
    const e = error as api.ResponseError;
    expect(e.name).toBe('ResponseError');
    expect(e.message).toBe('The service answered 400: The group name is not valid.');
    expect(e.status).toBe(400);
    expect(e.body).toEqual(detail);
    expect(e.response?.status).toBe(400);
    expect(e.stack).toContain('ResponseError');
  });

  it('keeps a text body and an empty one', async () => {
    for (const [body, message] of [
      ['upstream gateway timed out', 'The service answered 504: upstream gateway timed out'],
      ['', 'The service answered 503'],
    ] as const) {
      const { fetch } = recordingFetch(() => new Response(body, { status: body ? 504 : 503 }));
      const client = api.createClient({ baseUrl: BASE, fetch });
      const error = (await api
        .webPubSubSendToAll({ client, path: { hub: 'chat' }, query, body: 'x', throwOnError: true })
        .catch((e: unknown) => e)) as api.ResponseError;
      expect(error).toBeInstanceOf(api.ResponseError);
      expect(error.message).toBe(message);
    }
  });

  it('throws an Error the request already failed with as it is', async () => {
    const failure = new TypeError('fetch failed');
    const client = api.createClient({ baseUrl: BASE, fetch: () => Promise.reject(failure) });
    const error = await api
      .webPubSubSendToAll({ client, path: { hub: 'chat' }, query, body: 'x', throwOnError: true })
      .catch((e: unknown) => e);
    expect(error).toBe(failure);
  });

  it('without throwOnError, the parsed body stays in `error`', async () => {
    const detail = { code: 'Forbidden', message: 'no' };
    const { fetch } = recordingFetch(() => new Response(JSON.stringify(detail), { status: 403 }));
    const client = api.createClient({ baseUrl: BASE, fetch });
    const result = await api.webPubSubSendToAll({
      client,
      path: { hub: 'chat' },
      query,
      body: 'x',
    });
    expect(result.error).toEqual(detail);
    expect(result.response?.status).toBe(403);
  });
});
