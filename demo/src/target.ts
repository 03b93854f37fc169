// Where the demo runs: the embedded emulator by default, or real Azure resources when
// WEBPUBSUB_CONNECTION_STRING / SIGNALR_CONNECTION_STRING are set (each service independently). The
// embedded emulator calls the demo's app back (event handler and upstream); Azure cannot reach an app
// on this machine, so against Azure that step is skipped and says so.
import { startEmulator } from '@hubcast/emulator';
import { type DemoApp, startDemoApp } from './app.js';

export interface Target {
  webPubSub: string;
  signalR: string;
  description: string;
  /** The app the services call back, and which of them do (only the embedded emulator can). */
  app: DemoApp | undefined;
  callsApp: { webPubSub: boolean; signalR: boolean };
  close(): Promise<void>;
}

export async function resolveTarget(
  hub: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Target> {
  const wps = env.WEBPUBSUB_CONNECTION_STRING;
  const sr = env.SIGNALR_CONNECTION_STRING;
  if (wps && sr) {
    return {
      webPubSub: wps,
      signalR: sr,
      description: 'Azure (from the environment)',
      app: undefined,
      callsApp: { webPubSub: false, signalR: false },
      close: async () => {},
    };
  }
  const app = await startDemoApp(hub);
  // Random ports, so the demo never collides with a running `pnpm emulator`.
  const emulator = await startEmulator({
    webPubSubPort: 0,
    signalRPort: 0,
    eventHandlers: [{ hub, urlTemplate: `${app.url}/eventhandler`, userEventPattern: 'echo' }],
    upstreamTemplates: [{ urlTemplate: `${app.url}/upstream/{event}`, hubPattern: hub }],
  });
  const parts = [
    wps ? 'Web PubSub on Azure' : `Web PubSub emulator at ${emulator.webPubSub.endpoint}`,
    sr ? 'SignalR on Azure' : `SignalR emulator at ${emulator.signalR.endpoint}`,
  ];
  const webPubSub = wps ?? emulator.webPubSub.connectionString;
  const signalR = sr ?? emulator.signalR.connectionString;
  app.serve(webPubSub, signalR);
  return {
    webPubSub,
    signalR,
    description: parts.join(', '),
    app,
    callsApp: { webPubSub: !wps, signalR: !sr },
    close: async () => {
      await emulator.close();
      await app.close();
    },
  };
}
