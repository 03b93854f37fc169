// WebPubSubEventHandler's checks before any user code runs: the signature (forgery, key rotation,
// replay), the hub, the abuse-protection handshake, and bad or oversize requests. Also: a throwing
// callback answers 500 without a stack or a secret, and the keys never show in inspect or JSON output.
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  SignalRUpstreamHandler,
  WebPubSubEventHandler,
  type WebPubSubEventHandlerOptions,
} from '../../src/events.js';
import { AzureKeyCredential } from '../../src/index.js';
import * as docs from './fixtures/cloud-events.js';
import {
  connectionString,
  hmacHex,
  PRIMARY_KEY,
  recorded,
  SECONDARY_KEY,
  toRequest,
  VALUES,
} from './helpers.js';

const CONNECTION_ID = VALUES['{connectionId}'] as string;

function guarded(options: WebPubSubEventHandlerOptions = {}) {
  const reached = vi.fn();
  const handler = new WebPubSubEventHandler('chat', {
    connectionString: connectionString(PRIMARY_KEY),
    path: '/upstream',
    handleConnect: (req, res) => {
      reached(req);
      res.success();
    },
    handleUserEvent: (req, res) => {
      reached(req);
      res.success();
    },
    ...options,
  });
  return { handler, reached };
}

describe('signature', () => {
  it('accepts the service signature and rejects a forged one with 401 before user code', async () => {
    const { handler, reached } = guarded();
    expect((await handler.fetch(toRequest(recorded(docs.CONNECT)))).status).toBe(204);
    expect(reached).toHaveBeenCalledTimes(1);
    for (const forged of [
      recorded(docs.CONNECT, { signWith: ['an attacker guess'] }),
      recorded(docs.CONNECT, { headers: { 'ce-signature': null } }),
      recorded(docs.CONNECT, { headers: { 'ce-signature': 'sha256=' } }),
      recorded(docs.CONNECT, { headers: { 'ce-signature': `sha256=${'0'.repeat(64)}` } }),
      // One hex digit changed.
      recorded(docs.CONNECT, {
        headers: {
          'ce-signature': `sha256=${hmacHex(PRIMARY_KEY, CONNECTION_ID).replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`,
        },
      }),
    ]) {
      const response = await handler.fetch(toRequest(forged));
      expect(response.status).toBe(401);
      const body = await response.text();
      expect(body).toMatch(/ce-signature/);
      expect(body).not.toContain(PRIMARY_KEY);
    }
    expect(reached).toHaveBeenCalledTimes(1);
  });

  it('rejects a signature replayed from another connection', async () => {
    const { handler, reached } = guarded();
    const replay = recorded(docs.CUSTOM_JSON, { signFor: 'another-connection' });
    expect((await handler.fetch(toRequest(replay))).status).toBe(401);
    expect(reached).not.toHaveBeenCalled();
  });

  it('accepts the primary or the secondary key, so either can be rotated', async () => {
    const NEW_PRIMARY = 'regenerated-primary-key-0000000000000000000000000000000000000000';
    // The app knows both keys; the service regenerated the primary one and signs with (new, secondary).
    const { handler } = guarded({
      connectionString: [connectionString(PRIMARY_KEY), connectionString(SECONDARY_KEY)],
    });
    const afterRotation = recorded(docs.CUSTOM_TEXT, { signWith: [NEW_PRIMARY, SECONDARY_KEY] });
    expect((await handler.fetch(toRequest(afterRotation))).status).toBe(200);
    const onlySecondary = recorded(docs.CUSTOM_TEXT, { signWith: [SECONDARY_KEY] });
    expect((await handler.fetch(toRequest(onlySecondary))).status).toBe(200);
    // An app that only knows the old primary key rejects what the rotated service signs.
    const { handler: stale } = guarded({ connectionString: undefined, accessKeys: [PRIMARY_KEY] });
    expect(
      (await stale.fetch(toRequest(recorded(docs.CUSTOM_TEXT, { signWith: [NEW_PRIMARY] }))))
        .status,
    ).toBe(401);
  });

  it('follows a credential updated in place', async () => {
    const credential = new AzureKeyCredential(PRIMARY_KEY);
    const { handler } = guarded({ connectionString: undefined, accessKeys: [credential] });
    const signedOld = recorded(docs.CUSTOM_TEXT, { signWith: [PRIMARY_KEY] });
    expect((await handler.fetch(toRequest(signedOld))).status).toBe(200);
    credential.update(SECONDARY_KEY);
    expect((await handler.fetch(toRequest(signedOld))).status).toBe(401);
    const signedNew = recorded(docs.CUSTOM_TEXT, { signWith: [SECONDARY_KEY] });
    expect((await handler.fetch(toRequest(signedNew))).status).toBe(200);
  });

  it('accepts upper-case hex and spaces after commas (as .NET formats them)', async () => {
    const { handler } = guarded();
    const value = `sha256=${hmacHex('other', CONNECTION_ID)}, sha256=${hmacHex(PRIMARY_KEY, CONNECTION_ID).toUpperCase()}`;
    expect(
      (
        await handler.fetch(
          toRequest(recorded(docs.CONNECT, { headers: { 'ce-signature': value } })),
        )
      ).status,
    ).toBe(204);
  });

  it('needs keys unless the check is skipped by name, and never echoes a key in errors', () => {
    expect(() => new WebPubSubEventHandler('chat', {})).toThrow(
      /connectionString or options.accessKeys/,
    );
    expect(
      () =>
        new WebPubSubEventHandler('chat', { connectionString: 'Endpoint=https://x;Version=1.0' }),
    ).toThrow(/options.connectionString has no AccessKey/);
    expect(() => new WebPubSubEventHandler('chat', { accessKeys: [''] })).toThrow(
      /options.accessKeys\[0\]/,
    );
    expect(
      () =>
        new WebPubSubEventHandler('chat', {
          accessKeys: [PRIMARY_KEY],
          dangerouslySkipSignatureCheck: true,
        }),
    ).toThrow(/cannot be combined/);
    try {
      new WebPubSubEventHandler('chat', { connectionString: `AccessKey=${PRIMARY_KEY}` });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/options.connectionString is missing Endpoint/);
      expect((error as Error).message).not.toContain(PRIMARY_KEY);
    }
  });

  it('keeps the keys out of inspect and JSON output of the handlers', () => {
    const options = {
      connectionString: connectionString(PRIMARY_KEY),
      accessKeys: [SECONDARY_KEY],
    };
    const handlers = [
      new WebPubSubEventHandler('chat', options),
      new SignalRUpstreamHandler(options),
    ];
    for (const value of [...handlers, ...handlers.map((handler) => handler.getMiddleware())]) {
      const shown = `${inspect(value, { showHidden: true, getters: true, depth: 10 })}${JSON.stringify(value)}`;
      expect(shown).not.toContain(PRIMARY_KEY);
      expect(shown).not.toContain(SECONDARY_KEY);
    }
  });

  it('lets requests through unsigned only with dangerouslySkipSignatureCheck', async () => {
    const { handler, reached } = guarded({
      connectionString: undefined,
      dangerouslySkipSignatureCheck: true,
    });
    const unsigned = recorded(docs.CONNECT, { headers: { 'ce-signature': null } });
    expect((await handler.fetch(toRequest(unsigned))).status).toBe(204);
    expect(reached).toHaveBeenCalledTimes(1);
  });
});

describe('routing and the hub', () => {
  it('serves /api/webpubsub/hubs/{hub}/ by default, case-insensitively, and nothing else', async () => {
    const handler = new WebPubSubEventHandler('Chat', {
      connectionString: connectionString(PRIMARY_KEY),
    });
    expect(handler.path).toBe('/api/webpubsub/hubs/chat/');
    for (const path of [
      '/api/webpubsub/hubs/chat',
      '/API/WebPubSub/Hubs/Chat/',
      '/api/webpubsub/hubs/chat/x',
    ]) {
      expect((await handler.fetch(toRequest(recorded(docs.CONNECT, { path })))).status).toBe(200);
    }
    const elsewhere = await handler.fetch(
      toRequest(recorded(docs.CONNECT, { path: '/api/webpubsub/hubs/chatter' })),
    );
    expect(elsewhere.status).toBe(404);
    const get = await handler.fetch(new Request('http://app.test/api/webpubsub/hubs/chat/'));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, OPTIONS']);
  });

  it('rejects an event for another hub (ce-hub), before its signature is even looked at', async () => {
    const { handler, reached } = guarded();
    const response = await handler.fetch(
      toRequest(recorded(docs.CONNECT, { headers: { 'ce-hub': 'other' } })),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/ce-hub/);
    expect(reached).not.toHaveBeenCalled();
    const sameHubOtherCase = recorded(docs.CONNECT, { headers: { 'ce-hub': 'CHAT' } });
    expect((await handler.fetch(toRequest(sameHubOtherCase))).status).toBe(204);
  });
});

describe('abuse protection (OPTIONS)', () => {
  it('allows any origin by default', async () => {
    const { handler } = guarded();
    const response = await handler.fetch(toRequest(recorded(docs.ABUSE_PROTECTION)));
    expect([response.status, response.headers.get('webhook-allowed-origin')]).toEqual([200, '*']);
  });

  it('answers only for allowedEndpoints, with 400 otherwise', async () => {
    const { handler } = guarded({
      allowedEndpoints: ['https://xxx.webpubsub.azure.com', 'https://other.webpubsub.azure.com'],
    });
    const allowed = await handler.fetch(toRequest(recorded(docs.ABUSE_PROTECTION)));
    expect([allowed.status, allowed.headers.get('webhook-allowed-origin')]).toEqual([
      200,
      'xxx.webpubsub.azure.com',
    ]);
    const stranger = recorded(docs.ABUSE_PROTECTION, {
      headers: { 'webhook-request-origin': 'evil.webpubsub.azure.com' },
    });
    const refused = await handler.fetch(toRequest(stranger));
    expect([refused.status, refused.headers.get('webhook-allowed-origin')]).toEqual([400, null]);
    const noOrigin = await handler.fetch(
      new Request('http://app.test/upstream', { method: 'OPTIONS' }),
    );
    expect(noOrigin.status).toBe(400);
    expect(() => guarded({ allowedEndpoints: ['not a url'] })).toThrow(/allowedEndpoints\[0\]/);
  });
});

describe('bad requests', () => {
  it('answers 4xx naming the problem, without reaching user code', async () => {
    const { handler, reached } = guarded({ maxBodyBytes: 64 });
    const cases: [ReturnType<typeof recorded> | Request, number, RegExp][] = [
      [recorded(docs.CONNECT, { headers: { 'ce-type': null } }), 400, /ce-type header is missing/],
      [
        recorded(docs.CONNECT, { headers: { 'ce-type': 'com.example.thing' } }),
        400,
        /not a Web PubSub event type/,
      ],
      [
        recorded(docs.CONNECT, { headers: { 'ce-type': 'azure.webpubsub.sys.reboot' } }),
        400,
        /not a Web PubSub event type/,
      ],
      [
        recorded(docs.CONNECT, { headers: { 'ce-connectionid': null } }),
        400,
        /ce-connectionId header is missing/,
      ],
      [
        recorded(docs.CONNECT, { headers: { 'webhook-request-origin': null } }),
        400,
        /WebHook-Request-Origin/,
      ],
      [recorded(docs.CONNECT, { body: '{"claims": ' }), 400, /not valid JSON/],
      [recorded(docs.CONNECT, { body: '[1, 2]' }), 400, /must be a JSON object/],
      [recorded(docs.CUSTOM_JSON, { body: '{oops' }), 400, /not valid JSON/],
      [
        recorded(docs.CUSTOM_TEXT, { headers: { 'content-type': 'image/png' } }),
        415,
        /text\/plain/,
      ],
      [
        recorded(docs.CUSTOM_TEXT, { body: 'x'.repeat(65) }),
        413,
        /larger than the limit of 64 bytes/,
      ],
    ];
    for (const [request, status, message] of cases) {
      const response = await handler.fetch(
        request instanceof Request ? request : toRequest(request),
      );
      expect(response.status, String(message)).toBe(status);
      expect(await response.text()).toMatch(message);
    }
    expect(reached).not.toHaveBeenCalled();
  });

  it('counts a streamed body without Content-Length against the limit', async () => {
    const { handler, reached } = guarded({ maxBodyBytes: 1024 });
    const { headers } = recorded(docs.CUSTOM_TEXT);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(256));
        controller.close();
      },
    });
    const request = new Request('http://app.test/upstream', {
      method: 'POST',
      headers,
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect((await handler.fetch(request)).status).toBe(413);
    expect(reached).not.toHaveBeenCalled();
  });
});

describe('a throwing callback', () => {
  it('answers 500 with no stack or secret, and reports the error', async () => {
    const onError = vi.fn();
    for (const handleConnect of [
      () => {
        throw new Error(`cannot reach db with key ${PRIMARY_KEY}`);
      },
      async () => {
        throw new Error(`cannot reach db with key ${PRIMARY_KEY}`);
      },
    ]) {
      const { handler } = guarded({ handleConnect, onError });
      const response = await handler.fetch(toRequest(recorded(docs.CONNECT)));
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(body).toBe('The connect event could not be handled');
      expect(body).not.toMatch(/at |db|sha256/);
    }
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]?.[1]).toBe('handleConnect');
  });

  it('keeps an answer already given when the callback throws afterwards', async () => {
    const onError = vi.fn();
    const { handler } = guarded({
      onError,
      handleUserEvent: (_req, res) => {
        res.success('done', 'text');
        throw new Error('after the reply');
      },
    });
    const response = await handler.fetch(toRequest(recorded(docs.CUSTOM_TEXT)));
    expect([response.status, await response.text()]).toEqual([200, 'done']);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
