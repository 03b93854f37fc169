// Secret hygiene: no access key (as given, decoded or re-encoded) and no bearer token the servers saw
// appears in any error of the fault and bad-input matrices, in errors whose body echoes the token, in
// util.inspect / JSON.stringify / String() of clients and credentials, or on the console.
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  AzureKeyCredential,
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
