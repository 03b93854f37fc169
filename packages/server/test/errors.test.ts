// Non-2xx answers become RestErrors with status, code, message, details and request id, and neither
// errors nor clients ever show the access key or a bearer token.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AzureKeyCredential,
  RestError,
  SignalRServiceClient,
  WebPubSubServiceClient,
} from '../src/index.js';
import {
  json,
  type RecordingServer,
  startRecordingServer,
  successReply,
} from './helpers/recording-server.js';

const KEY = 'SecretAccessKey-0123456789-abcdefghijklmnopqrstuvwxyz';
let server: RecordingServer;
let client: WebPubSubServiceClient;

beforeAll(async () => {
  server = await startRecordingServer();
  client = new WebPubSubServiceClient(
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
    'hub',
    { retry: { maxRetries: 0 } },
  );
});
afterEach(() => {
  server.respond = successReply;
  server.take();
});
afterAll(() => server.close());

async function failure(call: () => Promise<unknown>): Promise<RestError> {
  const error = await call().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

function expectNoSecrets(text: string, token?: string) {
  expect(text).not.toContain(KEY);
  if (token) expect(text).not.toContain(token);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
}

describe('RestError', () => {
  it('carries status, x-ms-error-code, the ErrorDetail message, details and request id', async () => {
    const detail = {
      code: 'InvalidRequest',
      message: 'The group name is invalid.',
      target: 'group',
      details: [{ code: 'Inner', message: 'too long' }],
    };
    server.respond = () =>
      json(400, detail, { 'x-ms-error-code': 'BadGroupName', 'x-ms-request-id': 'req-42' });
    const error = await failure(() => client.sendToAll('x'));
    expect(error.name).toBe('RestError');
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadGroupName');
    expect(error.message).toContain('400');
    expect(error.message).toContain('The group name is invalid.');
    expect(error.details).toEqual(detail);
    expect(error.requestId).toBe('req-42');
    expect(error).toBeInstanceOf(Error);
  });

  it('takes the code from the body when the header is missing', async () => {
    server.respond = () => json(403, { code: 'Forbidden', message: 'No access' });
    const error = await failure(() => client.closeConnection('c'));
    expect(error.code).toBe('Forbidden');
    expect(error.statusCode).toBe(403);
  });

  it('handles text bodies and HEAD answers without a body', async () => {
    server.respond = () => ({ status: 502, body: 'Bad gateway from the proxy' });
    const textError = await failure(() => client.closeConnection('c'));
    expect(textError.message).toContain('Bad gateway from the proxy');
    expect(textError.details).toBeUndefined();

    server.respond = () => ({ status: 401, headers: { 'x-ms-error-code': 'Unauthorized' } });
    const headError = await failure(() => client.userExists('u'));
    expect(headError.statusCode).toBe(401);
    expect(headError.code).toBe('Unauthorized');
  });

  it('never shows the bearer token, even when the service echoes it', async () => {
    let token = '';
    server.respond = (request) => {
      token = String(request.headers.authorization).slice('Bearer '.length);
      return json(401, {
        code: 'InvalidToken',
        message: `Token ${token} is not valid for ${request.target}`,
        details: [{ message: `Authorization: Bearer ${token}` }],
      });
    };
    const error = await failure(() => client.sendToUser('u', { a: 1 }));
    expect(token).toMatch(/^eyJ/);
    expect(error.message).toContain('[redacted]');
    for (const text of [
      error.message,
      inspect(error, { depth: Infinity, showHidden: true }),
      JSON.stringify(error),
      String(error.stack),
    ]) {
      expectNoSecrets(text, token);
    }
  });

  it('network errors carry no token or key either', async () => {
    server.respond = () => {
      throw new Error('drop');
    };
    const error = await failure(() => client.sendToAll('x'));
    expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
    expectNoSecrets(inspect(error, { depth: Infinity, showHidden: true }));
    expectNoSecrets(JSON.stringify(error));
  });
});

describe('secrets stay out of inspect and JSON', () => {
  it('clients', () => {
    const signalr = new SignalRServiceClient(
      `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
      'hub',
    );
    for (const value of [client, signalr, client.group('g')]) {
      expectNoSecrets(inspect(value, { depth: Infinity, showHidden: true }));
      expectNoSecrets(JSON.stringify(value));
    }
  });

  it('AzureKeyCredential', () => {
    const credential = new AzureKeyCredential(KEY);
    expect(credential.key).toBe(KEY);
    expectNoSecrets(inspect(credential, { depth: Infinity, showHidden: true }));
    expectNoSecrets(JSON.stringify(credential));
    credential.update('other-key');
    expect(credential.key).toBe('other-key');
  });

  it('connection string errors do not echo the key', () => {
    const attempts = [
      `AccessKey=${KEY};Version=1.0;`,
      `Endpoint=http://127.0.0.1;${KEY};`,
      `Endpoint=http://127.0.0.1;AccessKey=${KEY};accesskey=${KEY}`,
      `Endpoint=::${KEY};AccessKey=${KEY}`,
    ];
    for (const cs of attempts) {
      let error: unknown;
      try {
        new WebPubSubServiceClient(cs, 'hub');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expectNoSecrets(String(error));
    }
  });
});
