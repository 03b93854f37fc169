// Secret hygiene: no access key (as given, decoded or re-encoded) and no bearer token the servers saw
// appears in any error of the fault and bad-input matrices, in errors whose body echoes the token, in
// util.inspect / JSON.stringify / String() of clients and credentials, on the console, or in what the
// hooks see (logger lines and entries, policies' requests and responses, onResponse) and the request
// and response an error carries.
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  AzureKeyCredential,
  type PipelinePolicy,
  RestError,
  SignalRServiceClient,
  type TokenCredential,
  WebPubSubServiceClient,
} from '../src/index.js';
import { BAD_INPUT_CASES, BAD_INPUT_KEY, type Clients, thrown } from './helpers/bad-input-cases.js';
import {
  expectation,
  FAULT_KEY,
  FAULTS,
  type Mode,
  OPERATIONS,
  runFaultCase,
  type Service,
} from './helpers/fault-cases.js';
import {
  json,
  type RecordingServer,
  startRecordingServer,
  successReply,
} from './helpers/recording-server.js';
import { keyNeedles, LeakCheck, tokenNeedles } from './helpers/secrets.js';

/** base64 of "secret hygiene access key: never print it!". */
const KEY = 'c2VjcmV0IGh5Z2llbmUgYWNjZXNzIGtleTogbmV2ZXIgcHJpbnQgaXQh';
const ROTATED_KEY = 'cm90YXRlZCBoeWdpZW5lIGtleSwgbmV2ZXIgcHJpbnQgaXQh';
/** The temporary key SignalR hands out for Entra ID clients (GET /api/v1/auth/accessKey). */
const SERVICE_KEY = 'c2VydmljZSBzaWduaW5nIGtleSwgbmV2ZXIgcHJpbnQgaXQh';
/** Entra ID tokens need not be JWTs: an opaque one only exact-match redaction can catch. */
const OPAQUE_TOKEN = `opaque-entra-token-${crypto.randomUUID()}`;

const check = new LeakCheck();
const keys = [FAULT_KEY, BAD_INPUT_KEY, KEY, ROTATED_KEY, SERVICE_KEY, OPAQUE_TOKEN].flatMap(
  keyNeedles,
);
/** Every Authorization header any server of this file saw. */
const tokensSeen = new Set<string>();
const needles = () => [...keys, ...[...tokensSeen].flatMap(tokenNeedles)];

let server: RecordingServer;
let cs: string;
const consoleSpies: MockInstance[] = [];

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    tokensSeen.add(String(request.headers.authorization ?? ''));
    if (request.target.startsWith('/api/v1/auth/accessKey')) {
      return json(200, { KeyId: 'kid-1', AccessKey: SERVICE_KEY });
    }
    return successReply(request);
  });
  cs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`;
  // The SDK has no logger; anything it printed would land here and is checked too.
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    consoleSpies.push(vi.spyOn(console, method));
  }
});

afterAll(async () => {
  await server.close();
  const printed = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => args.join(' ')));
  for (const spy of consoleSpies) spy.mockRestore();
  check.text('console output', printed.join('\n'), needles());
  console.log(`secret hygiene: ${check.surfaces} surfaces checked, ${check.leaks.length} leaks`);
  expect(check.leaks).toEqual([]);
});

const tokenCredential: TokenCredential = {
  getToken: async () => ({ token: OPAQUE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

function client(service: Service, credential: 'connection string' | 'key' | 'token') {
  const options = { retry: { maxRetries: 0 } };
  const cred = credential === 'key' ? new AzureKeyCredential(KEY) : tokenCredential;
  if (service === 'Web PubSub') {
    return credential === 'connection string'
      ? new WebPubSubServiceClient(cs, 'hub', options)
      : new WebPubSubServiceClient(server.url, cred, 'hub', options);
  }
  return credential === 'connection string'
    ? new SignalRServiceClient(cs, 'hub', options)
    : new SignalRServiceClient(server.url, cred, 'hub', options);
}

// Only the cases that end in an error: a successful call has nothing to print.
const failing = OPERATIONS.flatMap((op) =>
  FAULTS.flatMap((row) =>
    (['recover', 'exhaust'] as Mode[])
      .filter((mode) => expectation(op, row, mode).fails)
      .map((mode) => [`${op.service} ${op.name}: ${row.name}, ${mode}`, op, row, mode] as const),
  ),
);

describe.concurrent('errors of the fault matrix', () => {
  it.each(failing)('%s', async (name, op, row, mode) => {
    const { error, tokens } = await runFaultCase(op, row, mode);
    for (const token of tokens) tokensSeen.add(token);
    expect(tokens.every((t) => t.startsWith('Bearer eyJ'))).toBe(true);
    expect(error).toBeInstanceOf(RestError);
    // A RestError carries no request or response object that could hold the Authorization header.
    expect(Object.keys(error as object)).not.toContain('request');
    expect(Object.keys(error as object)).not.toContain('response');
    const own = [...keys, ...tokens.flatMap(tokenNeedles)];
    expect(check.value(name, error, own)).toEqual([]);
  });
});

describe.each(['Web PubSub', 'SignalR'] as Service[])(
  '%s: errors that echo the token',
  (service) => {
    it.each(['connection string', 'token'] as const)('credential from %s', async (credential) => {
      const echo = server.respond;
      let authorization = '';
      server.respond = (request) => {
        authorization = String(request.headers.authorization);
        tokensSeen.add(authorization);
        return json(
          401,
          {
            code: 'InvalidToken',
            message: `Rejected ${authorization} for ${request.target}`,
            details: [{ message: `token=${authorization.slice(7)}` }],
          },
          { 'x-ms-error-code': 'InvalidToken' },
        );
      };
      try {
        const c = client(service, credential);
        const error = (await (c instanceof WebPubSubServiceClient
          ? c.sendToAll({ a: 1 })
          : c.sendToAll('m', [1])
        ).catch((e: unknown) => e)) as RestError;
        expect(error).toBeInstanceOf(RestError);
        expect(error.statusCode).toBe(401);
        expect(check.value(`${service} echo (${credential})`, error, needles())).toEqual([]);
        // The echo was cut, not the whole message.
        expect(error.message).toContain('Rejected Bearer [redacted] for /api/');
      } finally {
        server.respond = echo;
      }
    });
  },
);

describe('errors of the bad-input matrix', () => {
  let clients: Clients;
  beforeAll(() => {
    const badCs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${BAD_INPUT_KEY};`;
    clients = {
      wps: new WebPubSubServiceClient(badCs, 'hub'),
      signalr: new SignalRServiceClient(badCs, 'hub'),
      signalrCurrent: new SignalRServiceClient(badCs, 'hub', { apiVersion: '2024-12-01' }),
    };
  });
  it.each(
    BAD_INPUT_CASES.flatMap(([surface, table]) => table.map((c) => [surface, ...c] as const)),
  )('%s: %s', async (surface, name, call) => {
    const error = await thrown(() => call(clients));
    expect(error).toBeInstanceOf(Error);
    expect(check.value(`${surface}: ${name}`, error, needles())).toEqual([]);
  });
});

describe('clients and credentials', () => {
  it.each(
    (['Web PubSub', 'SignalR'] as Service[]).flatMap((service) =>
      (['connection string', 'key', 'token'] as const).map((cred) => [service, cred] as const),
    ),
  )('%s client with a credential from %s, after it signed requests', async (service, cred) => {
    const c = client(service, cred);
    // Fill every cache that could hold a secret: REST tokens, client tokens, the service key.
    if (c instanceof WebPubSubServiceClient) {
      await c.sendToAll('x');
      await c.group('g').addUser('u');
      await c.getClientAccessToken({ userId: 'u' });
      expect(check.value(`${service} group (${cred})`, c.group('g'), needles())).toEqual([]);
    } else {
      await c.sendToAll('m');
      await c.addUserToGroup('u', 'g');
      await c.negotiate({ userId: 'u' });
    }
    expect(tokensSeen.size).toBeGreaterThan(0);
    expect(check.value(`${service} client (${cred})`, c, needles())).toEqual([]);
  });

  it('AzureKeyCredential, before and after update', () => {
    const credential = new AzureKeyCredential(KEY);
    expect(credential.key).toBe(KEY);
    expect(check.value('AzureKeyCredential', credential, needles())).toEqual([]);
    credential.update(ROTATED_KEY);
    expect(credential.key).toBe(ROTATED_KEY);
    expect(check.value('AzureKeyCredential (rotated)', credential, needles())).toEqual([]);
  });
});

describe('hooks, logs and the request and response of errors', () => {
  /** A JWT the service hands out (a client token): hooks show it redacted too. */
  const MINTED =
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob29rcyJ9.bWludGVkIGNsaWVudCB0b2tlbiBzaWduYXR1cmU';
  const APIM_KEY = `apim-subscription-key-${crypto.randomUUID()}`;

  it.each(
    (['Web PubSub', 'SignalR'] as Service[]).flatMap((service) =>
      (['connection string', 'key', 'token'] as const).map((cred) => [service, cred] as const),
    ),
  )('%s client, credential from %s', async (service, cred) => {
    const observed: [string, unknown][] = [];
    const seenBy = (name: string): PipelinePolicy => ({
      name,
      async sendRequest(request, next) {
        const snapshot = () => ({ ...request, headers: Object.fromEntries(request.headers) });
        observed.push([`${name} request`, snapshot()]);
        const response = await next(request);
        // After the attempt too: what the policy holds must not have gained the credential.
        observed.push([`${name} request after`, snapshot()]);
        observed.push([`${name} response headers`, Object.fromEntries(response.headers)]);
        return response;
      },
    });
    const options = {
      retryOptions: { maxRetries: 1, retryDelayInMs: 1 },
      loggingOptions: {
        logger: (line: string, entry: unknown) =>
          observed.push(['log line', line], ['log entry', entry]),
      },
      additionalPolicies: [
        { position: 'perCall' as const, policy: seenBy('perCall') },
        { position: 'perRetry' as const, policy: seenBy('perRetry') },
      ],
    };
    const credential = cred === 'key' ? new AzureKeyCredential(KEY) : tokenCredential;
    const onResponse = (...args: unknown[]) => observed.push(['onResponse', args]);
    // A key of the app's own in a custom header (an API-management subscription key, say): what
    // errors, onResponse and logs show must not carry it either (policies see the live headers).
    const requestOptions = { customHeaders: { 'Ocp-Apim-Subscription-Key': APIM_KEY } };
    const echo = server.respond;
    let count = 0;
    server.respond = (request, index) => {
      tokensSeen.add(String(request.headers.authorization ?? ''));
      if (request.target.includes(':generateToken')) return json(200, { token: MINTED });
      // A 503 (retried), its retry's success, then a final 401 that echoes the token; again.
      const turn = count++ % 3;
      if (turn === 0) return { status: 503 };
      if (turn === 2) {
        return json(401, {
          code: 'InvalidToken',
          message: `Rejected ${request.headers.authorization}`,
        });
      }
      return echo(request, index);
    };
    try {
      if (service === 'Web PubSub') {
        const c =
          cred === 'connection string'
            ? new WebPubSubServiceClient(cs, 'hub', options)
            : new WebPubSubServiceClient(server.url, credential, 'hub', options);
        for (let i = 0; i < 3; i++) {
          const error = await c
            .sendToAll({ i }, { onResponse, requestOptions })
            .catch((e: unknown) => e);
          if (error) observed.push(['error', error]);
        }
        await c.getClientAccessToken({ userId: 'u', onResponse }).catch((e: unknown) => e);
      } else {
        const c =
          cred === 'connection string'
            ? new SignalRServiceClient(cs, 'hub', options)
            : new SignalRServiceClient(server.url, credential, 'hub', options);
        for (let i = 0; i < 3; i++) {
          const error = await c
            .sendToAll('t', [i], { onResponse, requestOptions })
            .catch((e: unknown) => e);
          if (error) observed.push(['error', error]);
        }
        await c.generateClientToken({ userId: 'u', onResponse }).catch((e: unknown) => e);
      }
    } finally {
      server.respond = echo;
    }
    const errors = observed.filter(([name]) => name === 'error').map(([, e]) => e as RestError);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      observed.push(['error.request', error.request], ['error.response', error.response]);
    }
    expect(observed.some(([name]) => name === 'onResponse')).toBe(true);
    expect(observed.some(([name]) => name === 'perRetry request')).toBe(true);
    expect(observed.some(([name]) => name === 'log line')).toBe(true);
    for (const [name, value] of observed) {
      const own = name.startsWith('per') ? [] : [APIM_KEY];
      expect(
        check.value(`${service} (${cred}) ${name}`, value, [...needles(), MINTED, ...own]),
      ).toEqual([]);
    }
  });
});
