// SignalRUpstreamHandler: connection events, and invocations in JSON and MessagePack whose answers are
// decoded by the official hub protocols (@microsoft/signalr JsonHubProtocol, @microsoft/signalr-
// protocol-msgpack MessagePackHubProtocol), exactly as a client would read the relayed completion.
import {
  type CompletionMessage,
  JsonHubProtocol,
  MessageType,
  NullLogger,
} from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type InvocationContext,
  SignalRUpstreamHandler,
  type UpstreamContext,
} from '../../src/events.js';
import {
  CONNECTED_BODY,
  CONNECTION_ID,
  DISCONNECTED_BODY,
  SPEC_INVOCATION,
  upstreamHeaders,
  upstreamRequest,
} from './fixtures/upstream.js';
import { connectionString, deferred, PRIMARY_KEY, SECONDARY_KEY } from './helpers.js';

interface ChatHub {
  add(a: number, b: number): number;
  send(count: number, text: string): void;
  echo(value: unknown): unknown;
  fail(reason: string): string;
}

const json = new JsonHubProtocol();
const msgpack = new MessagePackHubProtocol();

function upstream(
  options: Partial<ConstructorParameters<typeof SignalRUpstreamHandler<ChatHub>>[0]> = {},
) {
  return new SignalRUpstreamHandler<ChatHub>({
    connectionString: connectionString(PRIMARY_KEY, 'https://contoso.service.signalr.net'),
    handlers: {
      add: ([a, b]) => a + b,
      echo: ([value]) => value,
      fail: ([reason]) => {
        throw new Error(reason);
      },
    },
    onError: () => undefined,
    ...options,
  });
}

/** An invocation as the client library encodes it, unframed as the service posts it. */
function jsonInvocation(target: string, args: unknown[], invocationId?: string): string {
  const framed = json.writeMessage({
    type: MessageType.Invocation,
    target,
    arguments: args,
    invocationId,
    headers: {},
  });
  return framed.slice(0, -1); // drop the 0x1E record separator
}

function msgpackInvocation(target: string, args: unknown[], invocationId?: string): Uint8Array {
  const framed = new Uint8Array(
    msgpack.writeMessage({
      type: MessageType.Invocation,
      target,
      arguments: args,
      invocationId,
      headers: {},
    }),
  );
  let offset = 0;
  while ((framed[offset] as number) & 0x80) offset++;
  return framed.subarray(offset + 1); // drop the VarInt length prefix
}

async function completionOf(
  response: Response,
  protocol: 'json' | 'msgpack',
): Promise<CompletionMessage> {
  expect(response.status).toBe(200);
  const messages =
    protocol === 'json'
      ? json.parseMessages(await response.text(), NullLogger.instance)
      : msgpack.parseMessages(await response.arrayBuffer(), NullLogger.instance);
  expect(messages).toHaveLength(1);
  expect(messages[0]?.type).toBe(MessageType.Completion);
  return messages[0] as CompletionMessage;
}

describe('connection events', () => {
  it('calls onConnected with the X-ASRS-* context', async () => {
    const seen = deferred<UpstreamContext>();
    const handler = upstream({ onConnected: (context) => seen.resolve(context) });
    const response = await handler.fetch(
      upstreamRequest(upstreamHeaders('connections', 'connected'), CONNECTED_BODY),
    );
    expect(response.status).toBe(200);
    expect(await seen.promise).toEqual({
      hub: 'chat',
      category: 'connections',
      event: 'connected',
      connectionId: CONNECTION_ID,
      userId: 'alice',
      claims: {
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': ['alice'],
        role: ['admin', 'ops'],
        note: ['a, b'],
      },
      query: { room: ['lobby', 'b'], lang: ['en'] },
    });
  });

  it('calls onDisconnected with the error, and answers 500 when it throws', async () => {
    const seen = deferred<string | undefined>();
    const handler = upstream({ onDisconnected: (context) => seen.resolve(context.error) });
    const request = () =>
      upstreamRequest(upstreamHeaders('connections', 'disconnected'), DISCONNECTED_BODY);
    expect((await handler.fetch(request())).status).toBe(200);
    expect(await seen.promise).toBe('Connection closed with an error.');
    const failing = upstream({
      onDisconnected: () => {
        throw new Error(`secret ${PRIMARY_KEY}`);
      },
    });
    const response = await failing.fetch(request());
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(PRIMARY_KEY);
  });
});

describe('invocations', () => {
  it('completes an invocation with the handler result, in JSON and in MessagePack', async () => {
    const jsonAnswer = await upstream().fetch(
      upstreamRequest(upstreamHeaders('messages', 'add'), jsonInvocation('add', [2, 3], '7')),
    );
    expect(jsonAnswer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await completionOf(jsonAnswer, 'json')).toMatchObject({ invocationId: '7', result: 5 });
    const headers = upstreamHeaders('messages', 'add', { 'content-type': 'application/x-msgpack' });
    const packed = await upstream().fetch(
      upstreamRequest(headers, msgpackInvocation('add', [2, 3], '8') as BodyInit),
    );
    expect(packed.headers.get('content-type')).toBe('application/x-msgpack');
    expect(await completionOf(packed, 'msgpack')).toMatchObject({ invocationId: '8', result: 5 });
  });

  it('keeps argument and result values through MessagePack (binary, nested, null)', async () => {
    const value = {
      bytes: new Uint8Array([0, 255, 7]),
      list: [1, 'two', null],
      nested: { ok: true },
    };
    const headers = upstreamHeaders('messages', 'echo', {
      'content-type': 'application/x-msgpack',
    });
    const response = await upstream().fetch(
      upstreamRequest(headers, msgpackInvocation('echo', [value], '9') as BodyInit),
    );
    expect((await completionOf(response, 'msgpack')).result).toEqual(value);
    const nullResult = await upstream().fetch(
      upstreamRequest(upstreamHeaders('messages', 'echo'), jsonInvocation('echo', [null], '10')),
    );
    expect(await completionOf(nullResult, 'json')).toMatchObject({
      invocationId: '10',
      result: null,
    });
  });

  it('turns a thrown error into a completion error (its message, not its stack)', async () => {
    const onError = vi.fn();
    const handler = upstream({ onError });
    const jsonAnswer = await handler.fetch(
      upstreamRequest(
        upstreamHeaders('messages', 'fail'),
        jsonInvocation('fail', ['not allowed'], '11'),
      ),
    );
    const completion = await completionOf(jsonAnswer, 'json');
    expect(completion).toMatchObject({ invocationId: '11', error: 'not allowed' });
    expect(completion.result).toBeUndefined();
    const headers = upstreamHeaders('messages', 'fail', {
      'content-type': 'application/x-msgpack',
    });
    const packed = await handler.fetch(
      upstreamRequest(headers, msgpackInvocation('fail', ['nope'], '12') as BodyInit),
    );
    expect(await completionOf(packed, 'msgpack')).toMatchObject({
      invocationId: '12',
      error: 'nope',
    });
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('answers 204 for a void result and 200 (empty) for a send without invocation id', async () => {
    const sent = deferred<[[number, string], InvocationContext]>();
    const handler = upstream({
      handlers: {
        send: (args, context) => {
          sent.resolve([args, context]);
        },
      },
    });
    const invoked = await handler.fetch(
      upstreamRequest(upstreamHeaders('messages', 'send'), jsonInvocation('send', [1, 'x'], '13')),
    );
    expect(invoked.status).toBe(204);
    const fired = await handler.fetch(
      upstreamRequest(
        upstreamHeaders('messages', 'Send'),
        SPEC_INVOCATION.replace('"invocationId": "123", ', ''),
      ),
    );
    expect([fired.status, await fired.text()]).toEqual([200, '']);
    const [args, context] = await sent.promise;
    expect(args).toEqual([1, 'x']);
    expect(context).toMatchObject({
      invocationId: '13',
      protocol: 'json',
      event: 'send',
      userId: 'alice',
    });
  });

  it('matches targets case-insensitively, and completes an unknown one with an error', async () => {
    const handler = upstream({ handlers: { send: () => 'ok' as never } });
    // The spec example invokes "Send" with [42, "Test Message"].
    const response = await handler.fetch(
      upstreamRequest(upstreamHeaders('messages', 'Send'), SPEC_INVOCATION),
    );
    expect(response.status).toBe(200);
    const unknown = await handler.fetch(
      upstreamRequest(upstreamHeaders('messages', 'nothing'), jsonInvocation('nothing', [], '14')),
    );
    expect(await completionOf(unknown, 'json')).toMatchObject({
      error: "Unknown hub method 'nothing'",
    });
    const unknownSend = await handler.fetch(
      upstreamRequest(upstreamHeaders('messages', 'nothing'), jsonInvocation('nothing', [])),
    );
    expect(unknownSend.status).toBe(404);
  });

  it('also reads framed bodies (record separator, VarInt prefix)', async () => {
    const framedJson = `${jsonInvocation('add', [1, 1], '15')}\u001e`;
    const jsonAnswer = await upstream().fetch(
      upstreamRequest(upstreamHeaders('messages', 'add'), framedJson),
    );
    expect((await completionOf(jsonAnswer, 'json')).result).toBe(2);
    const framed = new Uint8Array(
      msgpack.writeMessage({
        type: MessageType.Invocation,
        target: 'add',
        arguments: [2, 2],
        invocationId: '16',
        headers: {},
      }),
    );
    const headers = upstreamHeaders('messages', 'add', { 'content-type': 'application/x-msgpack' });
    const packed = await upstream().fetch(upstreamRequest(headers, framed as BodyInit));
    expect((await completionOf(packed, 'msgpack')).result).toBe(4);
  });

  it('infers handler argument and result types from the hub type', () => {
    new SignalRUpstreamHandler<ChatHub>({
      accessKeys: [PRIMARY_KEY],
      handlers: {
        add: (args, context) => {
          expectTypeOf(args).toEqualTypeOf<[a: number, b: number]>();
          expectTypeOf(context.invocationId).toEqualTypeOf<string | undefined>();
          return args[0] + args[1];
        },
        // @ts-expect-error add returns a number
        fail: () => 42,
      },
    });
  });
});

describe('signature and bad requests', () => {
  it('rejects forged, missing and replayed signatures with 401, and accepts the secondary key', async () => {
    const called = vi.fn();
    const handler = upstream({ onConnected: called });
    const send = (overrides: Record<string, string | null>) =>
      handler.fetch(
        upstreamRequest(upstreamHeaders('connections', 'connected', overrides), CONNECTED_BODY),
      );
    expect((await send({ 'X-ASRS-Signature': `sha256=${'AB'.repeat(32)}` })).status).toBe(401);
    expect((await send({ 'X-ASRS-Signature': null })).status).toBe(401);
    expect((await send({ signFor: 'some-other-connection' })).status).toBe(401);
    expect(called).not.toHaveBeenCalled();
    const secondaryOnly = upstream({
      connectionString: undefined,
      accessKeys: [SECONDARY_KEY],
      onConnected: called,
    });
    const accepted = await secondaryOnly.fetch(
      upstreamRequest(upstreamHeaders('connections', 'connected'), CONNECTED_BODY),
    );
    expect(accepted.status).toBe(200);
    expect(called).toHaveBeenCalledTimes(1);
  });

  it('answers 4xx for bad requests', async () => {
    const handler = upstream({ hub: 'chat', maxBodyBytes: 256 });
    const cases: [Request, number, RegExp][] = [
      [
        upstreamRequest(upstreamHeaders('messages', 'add', { 'content-type': 'text/plain' }), '{}'),
        415,
        /application\/json/,
      ],
      [upstreamRequest(upstreamHeaders('messages', 'add'), '{"type":1,'), 400, /malformed JSON/],
      [
        upstreamRequest(
          upstreamHeaders('messages', 'add', { 'content-type': 'application/x-msgpack' }),
          'junk',
        ),
        400,
        /malformed MessagePack/,
      ],
      [
        upstreamRequest(upstreamHeaders('messages', 'add'), '{"type":6}'),
        400,
        /not 1 \(invocation\)/,
      ],
      [
        upstreamRequest(upstreamHeaders('messages', 'add'), jsonInvocation('echo', [1], '1')),
        400,
        /does not match X-ASRS-Event/,
      ],
      [
        upstreamRequest(upstreamHeaders('messages', 'add', { 'X-ASRS-Connection-Id': null }), '{}'),
        400,
        /X-ASRS-Connection-Id header is missing/,
      ],
      [
        upstreamRequest(upstreamHeaders('messages', 'add', { 'X-ASRS-Hub': 'other' }), '{}'),
        400,
        /another hub/,
      ],
      [
        upstreamRequest(upstreamHeaders('other' as 'messages', 'add'), '{}'),
        400,
        /connections or messages/,
      ],
      [
        upstreamRequest(upstreamHeaders('connections', 'reconnected'), '{}'),
        400,
        /connected or disconnected/,
      ],
      [
        upstreamRequest(
          upstreamHeaders('messages', 'echo'),
          jsonInvocation('echo', ['x'.repeat(300)], '2'),
        ),
        413,
        /limit of 256 bytes/,
      ],
    ];
    for (const [request, status, message] of cases) {
      const response = await handler.fetch(request);
      expect(response.status, String(message)).toBe(status);
      expect(await response.text()).toMatch(message);
    }
  });

  it('needs keys, checks handlers, and limits itself to its path when given one', async () => {
    expect(() => new SignalRUpstreamHandler({})).toThrow(/connectionString or options.accessKeys/);
    expect(
      () =>
        new SignalRUpstreamHandler({ accessKeys: [PRIMARY_KEY], handlers: { add: 42 as never } }),
    ).toThrow(/options.handlers.add must be a function/);
    expect(
      () =>
        new SignalRUpstreamHandler({
          accessKeys: [PRIMARY_KEY],
          handlers: { add: () => 1, ADD: () => 2 },
        }),
    ).toThrow(/twice/);
    const scoped = upstream({ path: '/signalr/upstream' });
    const outside = await scoped.fetch(
      upstreamRequest(upstreamHeaders('connections', 'connected'), CONNECTED_BODY),
    );
    expect(outside.status).toBe(404);
    const inside = await scoped.fetch(
      upstreamRequest(
        upstreamHeaders('connections', 'connected'),
        CONNECTED_BODY,
        '/signalr/upstream/chat/connections/connected',
      ),
    );
    expect(inside.status).toBe(200);
  });
});
