// Non-2xx answers become RestErrors with status, code, message, details and request id. That neither
// errors nor clients show a key or token is checked in secret-hygiene.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { RestError, WebPubSubServiceClient } from '../src/index.js';
import { json, useRecordingServer } from './helpers/recording-server.js';

const KEY = 'errors-test-key';
const server = useRecordingServer();
let client: WebPubSubServiceClient;

beforeAll(() => {
  client = new WebPubSubServiceClient(
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
    'hub',
    { retry: { maxRetries: 0 } },
  );
});

async function failure(call: () => Promise<unknown>): Promise<RestError> {
  const error = await call().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
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
});
