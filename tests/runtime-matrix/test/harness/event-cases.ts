// The service-to-app requests each runtime serves through @hubcast/server/events: a CloudEvents
// `connect` signed as Web PubSub signs it (and a forged copy), and SignalR upstream invocations of
// `add` in JSON and MessagePack. The harness signs them here with node:crypto and encodes the
// MessagePack one with the official @microsoft/signalr-protocol-msgpack, so nothing under test builds
// its own input; the answers are decoded with the official hub protocols.
import { createHmac } from 'node:crypto';
import { JsonHubProtocol, MessageType, NullLogger } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { expect } from 'vitest';

export interface EventCase {
  name: string;
  service: 'webPubSub' | 'signalR';
  path: string;
  headers: [string, string][];
  /** base64 */
  body: string;
}

export interface EventAnswer {
  name: string;
  status: number;
  contentType: string | null;
  state: string | null;
  /** base64 */
  body: string;
}

const accessKeyOf = (connectionString: string) =>
  /(?:^|;)AccessKey=([^;]+)/i.exec(connectionString)?.[1] ?? '';
const sign = (key: string, connectionId: string) =>
  `sha256=${createHmac('sha256', key).update(connectionId).digest('hex')}`;
const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

export function eventCases(options: {
  hub: string;
  userId: string;
  webPubSubConnectionString: string;
  signalRConnectionString: string;
}): EventCase[] {
  const { hub, userId } = options;
  const connectionId = `matrix-${userId}`;
  // The headers of reference-cloud-events.md's connect example.
  const connect = (signature: string): [string, string][] => [
    ['WebHook-Request-Origin', 'matrix.webpubsub.azure.com'],
    ['Content-Type', 'application/json; charset=utf-8'],
    ['ce-specversion', '1.0'],
    ['ce-type', 'azure.webpubsub.sys.connect'],
    ['ce-source', `/hubs/${hub}/client/${connectionId}`],
    ['ce-id', '1'],
    ['ce-time', new Date().toISOString()],
    ['ce-signature', signature],
    ['ce-userId', userId],
    ['ce-connectionId', connectionId],
    ['ce-hub', hub],
    ['ce-eventName', 'connect'],
  ];
  const connectBody = base64(
    JSON.stringify({ claims: {}, query: {}, headers: {}, subprotocols: [] }),
  );
  const upstream = (contentType: string): [string, string][] => [
    ['X-ASRS-Connection-Id', connectionId],
    ['X-ASRS-Hub', hub],
    ['X-ASRS-Category', 'messages'],
    ['X-ASRS-Event', 'add'],
    // Upper-case hex, as the service's .NET code writes it.
    [
      'X-ASRS-Signature',
      `sha256=${sign(accessKeyOf(options.signalRConnectionString), connectionId).slice(7).toUpperCase()}`,
    ],
    ['X-ASRS-User-Id', userId],
    ['Content-Type', contentType],
  ];
  const invocation = {
    type: MessageType.Invocation as const,
    target: 'add',
    arguments: [2, 3],
    headers: {},
  };
  const json = new JsonHubProtocol()
    .writeMessage({ ...invocation, invocationId: 'j1' })
    .slice(0, -1);
  const framed = new Uint8Array(
    new MessagePackHubProtocol().writeMessage({ ...invocation, invocationId: 'm1' }),
  );
  let prefix = 0;
  while ((framed[prefix] as number) & 0x80) prefix++;
  return [
    {
      name: 'webpubsub-connect',
      service: 'webPubSub',
      path: '/events',
      headers: connect(sign(accessKeyOf(options.webPubSubConnectionString), connectionId)),
      body: connectBody,
    },
    {
      name: 'webpubsub-forged',
      service: 'webPubSub',
      path: '/events',
      headers: connect(sign('not-the-access-key', connectionId)),
      body: connectBody,
    },
    {
      name: 'signalr-json',
      service: 'signalR',
      path: '/upstream',
      headers: upstream('application/json'),
      body: base64(json),
    },
    {
      name: 'signalr-msgpack',
      service: 'signalR',
      path: '/upstream',
      headers: upstream('application/x-msgpack'),
      body: base64(framed.subarray(prefix + 1)), // unframed, as the service posts it
    },
  ];
}

/** Checks a runtime's answers; returns how many requests were verified. */
export function verifyEventAnswers(answers: EventAnswer[], userId: string): number {
  const byName = new Map(answers.map((answer) => [answer.name, answer]));
  const bytes = (name: string) => Buffer.from(byName.get(name)?.body ?? '', 'base64');
  expect(byName.get('webpubsub-connect')).toMatchObject({
    status: 200,
    contentType: 'application/json; charset=utf-8',
  });
  expect(JSON.parse(bytes('webpubsub-connect').toString())).toEqual({ userId, groups: ['matrix'] });
  expect(
    JSON.parse(Buffer.from(byName.get('webpubsub-connect')?.state ?? '', 'base64').toString()),
  ).toEqual({
    runtime: 'matrix',
  });
  expect(byName.get('webpubsub-forged')?.status).toBe(401);
  const [jsonCompletion] = new JsonHubProtocol().parseMessages(
    bytes('signalr-json').toString(),
    NullLogger.instance,
  );
  expect(jsonCompletion).toMatchObject({
    type: MessageType.Completion,
    invocationId: 'j1',
    result: 5,
  });
  const packed = bytes('signalr-msgpack');
  const [msgpackCompletion] = new MessagePackHubProtocol().parseMessages(
    packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength),
    NullLogger.instance,
  );
  expect(msgpackCompletion).toMatchObject({
    type: MessageType.Completion,
    invocationId: 'm1',
    result: 5,
  });
  return answers.length;
}
