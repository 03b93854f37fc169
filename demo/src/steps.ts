// The demo scenario. Every server-side action goes through @hubcast/server only; every check is made
// on what the real clients actually received.
import type { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import type { PlainClient, PubSubClient, SignalRClient } from './clients.js';
import type { Inbox } from './inbox.js';
import type { Target } from './target.js';
import { checkStep, fact, type StepResult, skipped } from './transcript.js';

export interface DemoContext {
  wps: WebPubSubServiceClient;
  signalr: SignalRServiceClient;
  inbox: Inbox;
  alice: PlainClient; // plain WebSocket, user "alice"
  bob: PubSubClient; // @azure/web-pubsub-client, user "bob"
  carol: SignalRClient; // @microsoft/signalr, user "carol"
  /** The app the services call back (event handler, upstream), when they can reach it. */
  target: Pick<Target, 'app' | 'callsApp'>;
}

export interface Step {
  title: string;
  run(ctx: DemoContext): Promise<StepResult[]>;
}

const GROUP = 'room';

export const steps: Step[] = [
  {
    title: 'Broadcast to everyone',
    async run({ wps, signalr, inbox }) {
      await wps.sendToAll({ step: 'broadcast', text: 'hello, everyone' });
      await signalr.sendToAll('broadcast', [{ step: 'broadcast', text: 'hello, everyone' }]);
      return [
        await checkStep(inbox, 'broadcast', [
          { client: 'plain-ws', receives: true },
          { client: 'web-pubsub-client', receives: true },
          { client: 'signalr', receives: true },
        ]),
      ];
    },
  },
  {
    title: 'Send to one user',
    async run({ wps, signalr, inbox }) {
      await wps.sendToUser('bob', { step: 'to-user', text: 'just for bob' });
      await signalr.sendToUser('carol', 'direct', [{ step: 'to-user', text: 'just for carol' }]);
      return [
        await checkStep(inbox, 'to-user', [
          { client: 'web-pubsub-client', receives: true },
          { client: 'signalr', receives: true },
          { client: 'plain-ws', receives: false },
        ]),
      ];
    },
  },
  {
    title: `Add to group "${GROUP}" and send to the group`,
    async run({ wps, signalr, inbox, bob }) {
      const room = wps.group(GROUP);
      await room.addConnection(bob.connectionId);
      await room.addUser('alice');
      await signalr.addUserToGroup('carol', GROUP);
      await room.sendToAll({ step: 'group', text: `hello, ${GROUP}` });
      await signalr.sendToGroup(GROUP, 'group', [{ step: 'group', text: `hello, ${GROUP}` }]);
      return [
        await checkStep(inbox, 'group', [
          { client: 'plain-ws', receives: true },
          { client: 'web-pubsub-client', receives: true },
          { client: 'signalr', receives: true },
        ]),
      ];
    },
  },
  {
    title: 'Grant a permission so a client can publish to the group itself',
    async run({ wps, inbox, bob }) {
      const publish = () =>
        bob.client.sendToGroup(GROUP, { step: 'client-publish', text: 'bob here' }, 'json', {
          noEcho: true,
        });
      const before = await publish().then(
        () => 'accepted',
        (error: Error) => `rejected (${error.message})`,
      );
      await wps.grantPermission(bob.connectionId, 'sendToGroup', { targetName: GROUP });
      const granted = await wps.hasPermission(bob.connectionId, 'sendToGroup', {
        targetName: GROUP,
      });
      await publish();
      return [
        fact(before.startsWith('rejected'), `before the grant, bob's publish was ${before}`),
        fact(granted, `hasPermission(bob, sendToGroup, ${GROUP}) is ${granted}`),
        await checkStep(inbox, 'client-publish', [
          { client: 'plain-ws', receives: true },
          { client: 'web-pubsub-client', receives: false }, // noEcho
        ]),
      ];
    },
  },
  {
    title: 'Send with excluded connections',
    async run({ wps, signalr, inbox, bob, carol }) {
      await wps.sendToAll(
        { step: 'excluded', text: 'not for bob' },
        { excludedConnections: [bob.connectionId] },
      );
      await signalr.sendToAll('excluded', [{ step: 'excluded', text: 'not for carol' }], {
        excluded: [carol.connectionId],
      });
      return [
        await checkStep(inbox, 'excluded', [
          { client: 'plain-ws', receives: true },
          { client: 'web-pubsub-client', receives: false },
          { client: 'signalr', receives: false },
        ]),
      ];
    },
  },
  {
    title: 'Check existence',
    async run({ wps, signalr, bob, carol }) {
      const checks: [string, boolean, boolean][] = [
        ['web pubsub connectionExists(bob)', await wps.connectionExists(bob.connectionId), true],
        ['web pubsub userExists("alice")', await wps.userExists('alice'), true],
        [`web pubsub groupExists("${GROUP}")`, await wps.groupExists(GROUP), true],
        ['web pubsub userExists("nobody")', await wps.userExists('nobody'), false],
        [
          'signalr connectionExists(carol)',
          await signalr.connectionExists(carol.connectionId),
          true,
        ],
        [
          `signalr userInGroup("carol", "${GROUP}")`,
          await signalr.userInGroup('carol', GROUP),
          true,
        ],
        ['signalr userExists("nobody")', await signalr.userExists('nobody'), false],
      ];
      return checks.map(([what, got, want]) => fact(got === want, `${what} is ${got}`));
    },
  },
  {
    title: "A client's message goes through the app's handlers and back",
    async run({ inbox, bob, carol, target: { app, callsApp } }) {
      const results: StepResult[] = [];
      if (app && callsApp.webPubSub) {
        // The emulator posts bob's event to the app's event handler, which answers bob and relays
        // a copy to alice through REST.
        await bob.client.sendEvent('echo', { step: 'handler', text: 'ping from bob' }, 'json');
        results.push(
          await checkStep(inbox, 'handler', [
            { client: 'web-pubsub-client', receives: true },
            { client: 'plain-ws', receives: true },
          ]),
          fact(
            app.seen.includes('web pubsub: echo from bob'),
            `the app's event handler was called: ${app.seen.join('; ') || 'never'}`,
          ),
        );
      } else {
        results.push(skipped('Web PubSub on Azure cannot call an app on this machine'));
      }
      if (app && callsApp.signalR) {
        // The emulator posts carol's invocation upstream; the hub method's result completes it.
        const answer = await carol.connection.invoke('echo', 'ping from carol');
        results.push(
          fact(
            answer === 'the app got "ping from carol"',
            `carol's invoke("echo") returned ${JSON.stringify(answer)} from the app's upstream`,
          ),
        );
      } else {
        results.push(skipped('SignalR on Azure cannot call an app on this machine'));
      }
      return results;
    },
  },
  {
    title: 'Close connections with a reason',
    async run({ wps, signalr, alice, bob, carol }) {
      const reason = 'demo is over';
      await wps.closeConnection(bob.connectionId, { reason });
      await wps.closeUserConnections('alice', { reason });
      await signalr.closeConnection(carol.connectionId, { reason });
      const within = <T>(p: Promise<T>) =>
        Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
      const [aliceClose, bobMessage, carolError] = await Promise.all([
        within(alice.closed),
        within(bob.disconnected),
        within(carol.closed),
      ]);
      return [
        fact(aliceClose?.reason === reason, `plain-ws closed with reason "${aliceClose?.reason}"`),
        fact(
          Boolean(bobMessage?.includes(reason)),
          `web-pubsub-client disconnected: "${bobMessage}"`,
        ),
        fact(Boolean(carolError?.includes(reason)), `signalr closed: "${carolError}"`),
        fact(!(await wps.connectionExists(bob.connectionId)), "bob's connection no longer exists"),
      ];
    },
  },
];
