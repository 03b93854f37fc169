// One matrix row, start to finish: start the runtime, take the tokens it minted, connect the real
// clients with them, hand out a fresh nonce, and check that the runtime's sends delivered exactly it.
import { randomUUID } from 'node:crypto';
import type { SignalRServiceClient } from '@hubcast/server';
import { expect } from 'vitest';
import { type Listener, listenSignalR, listenWebPubSub, waitForMessages } from './clients.js';
import {
  type ControlServer,
  type ProbeConfig,
  type SentReport,
  SIGNALR_PROXY_PREFIX,
  type TokenReport,
} from './control-server.js';
import { verifyEventAnswers } from './event-cases.js';
import type { Launched } from './launchers.js';
import { verifyTokenEntry } from './token-entry.js';

export interface RowOptions {
  server: ControlServer;
  launch: (runId: string) => Promise<Launched>;
  config: ProbeConfig;
  /** A page cannot reach the emulator's REST API cross-origin: send it through the harness proxy. */
  browser: boolean;
  /** The harness's own client for the row's hub, to ask the emulator about the SignalR user. */
  signalR: SignalRServiceClient;
}

function within<T>(promise: Promise<T>, ms: number, what: string, launched: Launched): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms ${what}; runtime output:\n${launched.output()}`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The row's tokens, and how many signed event requests its runtime served correctly. */
export interface RowResult extends TokenReport, SentReport {
  eventsVerified: number;
}

export async function verifyRow(options: RowOptions): Promise<RowResult> {
  const { server, config } = options;
  // Both services' current APIs live under /api/hubs, so SignalR goes through its own path prefix.
  const proxied = (endpoint: string) =>
    options.browser ? { options: { reverseProxyEndpoint: endpoint } } : {};
  const run = server.createRun({
    ...config,
    webPubSub: { ...config.webPubSub, ...proxied(server.origin) },
    signalR: { ...config.signalR, ...proxied(`${server.origin}${SIGNALR_PROXY_PREFIX}`) },
  });
  const launched = await options.launch(run.id);
  const listeners: Listener[] = [];
  // Fails any wait below as soon as the runtime reports an error or goes away early.
  const guard = Promise.race([
    run.failure.promise,
    launched.ended.then((how) => {
      throw new Error(`the runtime ended before the run was over: ${how}`);
    }),
  ]);
  guard.catch(() => undefined);
  try {
    const report = await within(
      Promise.race([run.tokens.promise, guard]),
      60_000,
      'minting',
      launched,
    );
    verifyTokenEntry(report, report.tokenEntry, config);
    const webPubSub = await listenWebPubSub(report.webPubSubUrl);
    listeners.push(webPubSub);
    const signalR = await listenSignalR(report.signalR, config.target);
    listeners.push(signalR);
    // Both tokens name the user the harness asked for.
    expect(webPubSub.userId).toBe(config.userId);
    expect(await options.signalR.userExists(config.userId)).toBe(true);

    const nonce = randomUUID();
    run.nonce.resolve(nonce);
    const sent = await within(Promise.race([run.sent.promise, guard]), 30_000, 'sending', launched);
    await waitForMessages(webPubSub, 1, 10_000);
    expect(webPubSub.messages).toEqual([nonce]);
    await waitForMessages(signalR, 2, 10_000);
    // v1 first, then the current API (see src/probe.mjs).
    expect(signalR.messages).toEqual([[nonce], [nonce, '2024-12-01']]);
    const answers = await within(
      Promise.race([run.events.promise, guard]),
      30_000,
      'serving events',
      launched,
    );
    return {
      ...report,
      userAgents: sent.userAgents,
      eventsVerified: verifyEventAnswers(answers, config.userId),
    };
  } finally {
    for (const listener of listeners) await listener.close();
    await launched.stop();
  }
}
