// The files of the throwaway consumer project the release test installs the published packages into.

const packageJson = `{
  "name": "hubcast-release-consumer",
  "private": true,
  "type": "module"
}
`;

const tsconfig = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM"],
    "types": ["node"],
    "strict": true,
    "noEmit": true,
    "skipLibCheck": false
  },
  "files": ["consumer.ts"]
}
`;

// Type-checked only: uses the public types the way an app would.
const consumerTs = `import { startEmulator } from '@hubcast/emulator';
import {
  AzureKeyCredential,
  createWebPubSubRestClient,
  type HubSendToAllOptions,
  type PipelinePolicy,
  RestError,
  SignalRServiceClient,
  WebPubSubServiceClient,
} from '@hubcast/server';
import { SignalRUpstreamHandler, WebPubSubEventHandler } from '@hubcast/server/events';
import { ResponseError, webPubSubSendToAll } from '@hubcast/webpubsub-rest';

const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
const wps = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'hub');
const exists: boolean = await wps.groupExists('group');
const token: { token: string; baseUrl: string; url: string } = await wps.getClientAccessToken({ userId: 'u', roles: ['webpubsub.sendToGroup'] });
await wps.sendToAll({ hello: 'world' });
await wps.sendToAll('text', { contentType: 'text/plain' });
await wps.group('g').addUser('u');
const signalr = new SignalRServiceClient<{ newMessage: [text: string] }>(emulator.signalR.connectionString, 'hub');
const negotiated: { url: string; accessToken: string } = await signalr.negotiate({ userId: 'u' });
await signalr.sendToAll('newMessage', ['hi']);
const policy: PipelinePolicy = { name: 'p', sendRequest: (request, next) => next(request) };
const observed = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'hub', {
  loggingOptions: { logger: (line) => console.log(line) },
  additionalPolicies: [{ position: 'perRetry', policy }],
});
const sendOptions: HubSendToAllOptions = { onResponse: (raw) => console.log(raw.status) };
await observed.sendToAll({ typed: true }, sendOptions);
const raw = createWebPubSubRestClient(emulator.webPubSub.connectionString);
const sent = await webPubSubSendToAll({ client: raw, path: { hub: 'hub' }, query: { 'api-version': '2024-12-01' }, body: 'x' });
console.log(sent.response?.status, ResponseError.name);
const credential = new AzureKeyCredential('key');
const isRestError = (e: unknown): e is RestError => e instanceof RestError;
const events = new WebPubSubEventHandler('hub', {
  connectionString: emulator.webPubSub.connectionString,
  handleConnect: (req, res) => res.success({ userId: req.context.userId, groups: ['g'] }),
  handleUserEvent: (req, res) => (req.dataType === 'text' ? res.success(req.data, 'text') : res.fail(400)),
});
const upstream = new SignalRUpstreamHandler<{ add(a: number, b: number): number }>({
  accessKeys: [credential],
  handlers: { add: ([a, b]) => a + b },
});
const answered: Response = await events.fetch(new Request('http://app/api/webpubsub/hubs/hub/', { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'x' } }));
console.log(exists, token.url, negotiated.url, credential, isRestError(null), answered.status, upstream.hub);
await emulator.close();
`;

const esm = `import * as server from '@hubcast/server';
import * as emulator from '@hubcast/emulator';
for (const name of ['WebPubSubServiceClient', 'SignalRServiceClient', 'AzureKeyCredential', 'RestError', 'odata', 'createWebPubSubRestClient', 'createSignalRRestClient']) {
  if (!(name in server)) throw new Error('@hubcast/server has no export ' + name);
}
if (typeof emulator.startEmulator !== 'function') throw new Error('@hubcast/emulator has no startEmulator');
const events = await import('@hubcast/server/events');
for (const name of ['WebPubSubEventHandler', 'SignalRUpstreamHandler', 'MqttV500ConnectReasonCode']) {
  if (!(name in events)) throw new Error('@hubcast/server/events has no export ' + name);
}
console.log('esm ok');
`;

const cjs = `const server = require('@hubcast/server');
const emulator = require('@hubcast/emulator');
if (typeof server.WebPubSubServiceClient !== 'function') throw new Error('require: no WebPubSubServiceClient');
if (typeof server.SignalRServiceClient !== 'function') throw new Error('require: no SignalRServiceClient');
if (typeof emulator.startEmulator !== 'function') throw new Error('require: no startEmulator');
if (typeof require('@hubcast/server/events').WebPubSubEventHandler !== 'function') throw new Error('require: no WebPubSubEventHandler');
console.log('cjs ok');
`;

// A real send: a plain WebSocket client (Node's built-in WebSocket) connects to the installed emulator
// with a token minted by the installed server SDK, and must receive what sendToAll sends.
const send = `import { startEmulator } from '@hubcast/emulator';
import { WebPubSubServiceClient } from '@hubcast/server';

const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
try {
  const client = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'release');
  const { url } = await client.getClientAccessToken({ userId: 'release-user' });
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('WebSocket could not connect to the emulator'));
  });
  const received = new Promise((resolve, reject) => {
    ws.onmessage = (event) => resolve(event.data);
    setTimeout(() => reject(new Error('no message within 5 s')), 5000);
  });
  const payload = { hello: 'release', at: Date.now() };
  await client.sendToAll(payload);
  const data = await received;
  if (JSON.stringify(JSON.parse(data)) !== JSON.stringify(payload)) throw new Error('received ' + data);
  if (!(await client.userExists('release-user'))) throw new Error('userExists is false for a connected user');
  // The inspector's page ships in the tarball and its snapshot sees the client.
  const users = emulator.inspect().webPubSub.hubs[0]?.users.map((u) => u.userId);
  if (users?.[0] !== 'release-user') throw new Error('inspect() shows ' + JSON.stringify(users));
  const page = await fetch(emulator.inspectUrl);
  const script = await fetch(emulator.inspectUrl + 'app.js');
  if (!page.ok || !(await page.text()).includes('app.js') || !script.ok) {
    throw new Error('the inspector page is not served: ' + page.status + ' / ' + script.status);
  }
  ws.close();
  console.log('send ok: ' + data);
} finally {
  await emulator.close();
}
`;

export const consumerFiles = {
  'package.json': packageJson,
  'tsconfig.json': tsconfig,
  'consumer.ts': consumerTs,
  'esm.mjs': esm,
  'cjs.cjs': cjs,
  'send.mjs': send,
};
