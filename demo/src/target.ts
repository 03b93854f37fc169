// Where the demo runs: the embedded emulator by default, or real Azure resources when
// WEBPUBSUB_CONNECTION_STRING / SIGNALR_CONNECTION_STRING are set (each service independently).
import { startEmulator } from '@hubcast/emulator';

export interface Target {
  webPubSub: string;
  signalR: string;
  description: string;
  close(): Promise<void>;
}

export async function resolveTarget(env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const wps = env.WEBPUBSUB_CONNECTION_STRING;
  const sr = env.SIGNALR_CONNECTION_STRING;
  if (wps && sr) {
    return {
      webPubSub: wps,
      signalR: sr,
      description: 'Azure (from the environment)',
      close: async () => {},
    };
  }
  // Random ports, so the demo never collides with a running `pnpm emulator`.
  const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  const parts = [
    wps ? 'Web PubSub on Azure' : `Web PubSub emulator at ${emulator.webPubSub.endpoint}`,
    sr ? 'SignalR on Azure' : `SignalR emulator at ${emulator.signalR.endpoint}`,
  ];
  return {
    webPubSub: wps ?? emulator.webPubSub.connectionString,
    signalR: sr ?? emulator.signalR.connectionString,
    description: parts.join(', '),
    close: () => emulator.close(),
  };
}
