// @hubcast/server/token: the REST-free functions must mint what the classes mint (and, for Web PubSub,
// what @azure/web-pubsub mints), and refuse what the classes refuse, with the same errors.
import { WebPubSubServiceClient as OfficialClient } from '@azure/web-pubsub';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AzureKeyCredential, SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';
import {
  createSignalRNegotiateResponse,
  getWebPubSubClientAccessToken,
  parseConnectionString,
} from '../src/token.js';
import { decodeJwt } from './helpers/jwt.js';

const KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
const SECRET = new TextEncoder().encode(KEY);
const WPS = `Endpoint=https://demo.webpubsub.azure.com;AccessKey=${KEY};Version=1.0;`;
const SIGNALR = `Endpoint=https://demo.service.signalr.net;AccessKey=${KEY};ClientEndpoint=https://edge.example.com/base;Version=1.0;`;

/** The claims with iat/exp replaced by the lifetime, so tokens of different seconds compare. */
function claimsOf(token: string): Record<string, unknown> {
  const { claims } = decodeJwt(token);
  const { iat, exp, ...rest } = claims as { iat: number; exp: number };
  return { ...rest, lifetime: exp - iat };
}

const TOKEN_CASES = [
  {},
  { userId: "user@x y/z#ü?'" },
  { userId: 'alice', roles: ['webpubsub.joinLeaveGroup.room'], groups: ['room', 'news'] },
  { roles: [], groups: [], expirationTimeInMinutes: 5 },
  { userId: 'bob', clientProtocol: 'mqtt' as const },
  { userId: 'bob', clientProtocol: 'socketio' as const, expirationTimeInMinutes: 1 },
];

describe('getWebPubSubClientAccessToken', () => {
  it.each(TOKEN_CASES)('mints what @azure/web-pubsub and the class mint (%j)', async (options) => {
    const official = await new OfficialClient(WPS, 'Chat_1').getClientAccessToken(options);
    const viaClass = await new WebPubSubServiceClient(WPS, 'Chat_1').getClientAccessToken(options);
    const viaFunction = await getWebPubSubClientAccessToken(WPS, 'Chat_1', options);
    expect(viaFunction.baseUrl).toBe(official.baseUrl);
    expect(viaFunction.url).toBe(`${official.baseUrl}?access_token=${viaFunction.token}`);
    expect(claimsOf(viaFunction.token)).toEqual(claimsOf(official.token));
    expect(claimsOf(viaFunction.token)).toEqual(claimsOf(viaClass.token));
    expect(decodeJwt(viaFunction.token).header).toEqual({ alg: 'HS256', typ: 'JWT' });
    await expect(jwtVerify(viaFunction.token, SECRET)).resolves.toBeDefined();
  });

  it('takes (endpoint, credential, hub, options) and follows a rotated key', async () => {
    const credential = new AzureKeyCredential(KEY);
    const endpoint = 'http://localhost:8080/';
    const first = await getWebPubSubClientAccessToken(endpoint, credential, 'chat', {
      userId: 'alice',
    });
    expect(first.baseUrl).toBe('ws://localhost:8080/client/hubs/chat');
    await expect(jwtVerify(first.token, SECRET)).resolves.toBeDefined();
    credential.update('another-key');
    const second = await getWebPubSubClientAccessToken(endpoint, credential, 'chat');
    await expect(jwtVerify(second.token, SECRET)).rejects.toThrow();
    await expect(
      jwtVerify(second.token, new TextEncoder().encode('another-key')),
    ).resolves.toBeDefined();
  });

  it('allows a plain-http endpoint only with allowInsecureConnection, as the client does', async () => {
    const http = 'Endpoint=http://demo.example.com;AccessKey=k;Version=1.0;';
    const expected = await captureError(() => new WebPubSubServiceClient(http, 'chat'));
    await expect(getWebPubSubClientAccessToken(http, 'chat')).rejects.toThrow(expected);
    const { baseUrl } = await getWebPubSubClientAccessToken(http, 'chat', {
      allowInsecureConnection: true,
    });
    expect(baseUrl).toBe('ws://demo.example.com/client/hubs/chat');
  });
});

describe('createSignalRNegotiateResponse', () => {
  const CASES = [
    {},
    { userId: 'alice' },
    { userId: 'alice', claims: { role: ['admin'], 'custom.tenant': 't1' }, expiresInMinutes: 7 },
  ];

  it.each(CASES)('answers what SignalRServiceClient.negotiate answers (%j)', async (options) => {
    const viaClass = await new SignalRServiceClient(SIGNALR, 'Chat').negotiate(options);
    const viaFunction = await createSignalRNegotiateResponse(SIGNALR, 'Chat', options);
    expect(viaFunction.url).toBe('https://edge.example.com/base/client/?hub=chat');
    expect(viaFunction.url).toBe(viaClass.url);
    expect(claimsOf(viaFunction.accessToken)).toEqual(claimsOf(viaClass.accessToken));
    const { payload } = await jwtVerify(viaFunction.accessToken, SECRET, {
      audience: viaFunction.url,
    });
    expect(payload.nameid).toBe(options.userId);
  });

  it('prefixes the application name and takes (endpoint, credential, hub, options)', async () => {
    const options = { applicationName: 'App1', userId: 'u' };
    const viaClass = await new SignalRServiceClient(
      'https://demo.service.signalr.net',
      new AzureKeyCredential(KEY),
      'Chat',
      options,
    ).negotiate(options);
    const viaFunction = await createSignalRNegotiateResponse(
      'https://demo.service.signalr.net',
      new AzureKeyCredential(KEY),
      'Chat',
      options,
    );
    expect(viaFunction.url).toBe('https://demo.service.signalr.net/client/?hub=app1_chat');
    expect(viaFunction.url).toBe(viaClass.url);
    expect(claimsOf(viaFunction.accessToken)).toEqual(claimsOf(viaClass.accessToken));
  });
});

/** Bad input on purpose: the functions and classes called without their types. */
type Untyped = (...args: unknown[]) => Promise<unknown>;
type UntypedClass<M extends string> = new (...args: unknown[]) => Record<M, Untyped>;

async function captureError(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('bad input: the same errors as the classes, before anything is signed', () => {
  const wpsCases: [string, unknown[], Record<string, unknown>][] = [
    ['bad hub', [WPS, '1chat'], {}],
    ['empty userId', [WPS, 'chat'], { userId: '' }],
    ['roles not an array', [WPS, 'chat'], { roles: 'admin' }],
    ['a group that is not a string', [WPS, 'chat'], { groups: ['ok', 3] }],
    ['bad protocol', [WPS, 'chat'], { clientProtocol: 'stomp' }],
    ['zero minutes', [WPS, 'chat'], { expirationTimeInMinutes: 0 }],
    ['no AccessKey', ['Endpoint=https://x.webpubsub.azure.com;Version=1.0;', 'chat'], {}],
    ['not a connection string', ['https://x.webpubsub.azure.com', 'chat'], {}],
    ['ftp endpoint', ['ftp://x', new AzureKeyCredential(KEY), 'chat'], {}],
  ];

  /** The function fails exactly as the class (constructor or method) does, without the key. */
  async function expectSameError(viaClass: () => unknown, viaFunction: () => unknown) {
    const expected = await captureError(viaClass);
    const actual = await captureError(viaFunction);
    expect(actual.constructor).toBe(expected.constructor);
    expect(actual.message).toBe(expected.message);
    expect(actual.message).not.toContain(KEY);
  }

  it.each(wpsCases)('Web PubSub: %s', (_name, args, options) =>
    expectSameError(
      () =>
        new (WebPubSubServiceClient as unknown as UntypedClass<'getClientAccessToken'>)(
          ...args,
        ).getClientAccessToken(options),
      () => (getWebPubSubClientAccessToken as Untyped)(...args, options),
    ),
  );

  const signalRCases: [string, unknown[], Record<string, unknown>][] = [
    ['bad hub', [SIGNALR, 'chat.room'], {}],
    ['reserved claim', [SIGNALR, 'chat'], { claims: { nameid: 'x' } }],
    ['service claim prefix', [SIGNALR, 'chat'], { claims: { 'asrs.s.uid': 'x' } }],
    ['claims not an object', [SIGNALR, 'chat'], { claims: [] }],
    ['blank userId', [SIGNALR, 'chat'], { userId: '  ' }],
    ['token of 4 KB', [SIGNALR, 'chat'], { claims: { blob: 'x'.repeat(4000) } }],
    ['bad applicationName', [SIGNALR, 'chat'], { applicationName: 'a-b' }],
    [
      'AuthType without key',
      ['Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;', 'chat'],
      {},
    ],
    [
      'insecure ClientEndpoint',
      [
        `Endpoint=https://x.service.signalr.net;AccessKey=${KEY};ClientEndpoint=http://edge.example.com;`,
        'chat',
      ],
      {},
    ],
  ];

  it.each(signalRCases)('SignalR: %s', (_name, args, options) =>
    expectSameError(
      () =>
        new (SignalRServiceClient as unknown as UntypedClass<'negotiate'>)(
          ...args,
          options,
        ).negotiate(options),
      () => (createSignalRNegotiateResponse as Untyped)(...args, options),
    ),
  );

  it('an Entra ID credential is refused, naming credential and the class that can mint', async () => {
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) };
    await expect(
      getWebPubSubClientAccessToken('https://x.webpubsub.azure.com', credential as never, 'chat'),
    ).rejects.toThrow(
      new TypeError(
        'credential must hold an access key; with Entra ID, use WebPubSubServiceClient.getClientAccessToken',
      ),
    );
    await expect(
      createSignalRNegotiateResponse('https://x.service.signalr.net', credential as never, 'chat'),
    ).rejects.toThrow(
      /^credential must hold an access key; with Entra ID, use SignalRServiceClient/,
    );
  });
});

describe('parseConnectionString', () => {
  it('is exported by the token entry and never echoes the key in errors', () => {
    expect(parseConnectionString(SIGNALR)).toMatchObject({
      endpoint: 'https://demo.service.signalr.net/',
      accessKey: KEY,
      clientEndpoint: 'https://edge.example.com/base',
      version: '1.0',
    });
    expect(() => parseConnectionString(`AccessKey=${KEY}`)).toThrow(/missing Endpoint/);
  });
});
