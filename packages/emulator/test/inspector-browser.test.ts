import { WebPubSubClient } from '@azure/web-pubsub-client';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS } from './helpers/chromium.js';
import { negotiateResult, signalRClient, signalRRest } from './helpers/signalr.js';
import {
  type Emulator,
  eventually,
  KEY,
  officialServiceClient,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./;

let emulator: Emulator;
let browser: Browser | undefined;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  if (CHROMIUM) {
    // playwright-core's own `--headless` flag; the rest are the repository's usual flags.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS],
    });
  }
}, 30_000);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await browser?.close();
  await emulator?.close();
});

async function openInspector(): Promise<Page> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  cleanup.push(() => expect(errors).toEqual([]));
  await page.goto(emulator.inspectUrl as string);
  await page.locator('#status.live').waitFor({ timeout: 10_000 });
  return page;
}

it.skipIf(!CHROMIUM)(
  'shows a real client connect and join a group, a REST send, runs an action, and shows no secret',
  async () => {
    const page = await openInspector();
    const service = officialServiceClient(emulator, 'chat');
    const roles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];
    const alice = await service.getClientAccessToken({ userId: 'alice', roles });
    const client = new WebPubSubClient(alice.url);
    const received: unknown[] = [];
    client.on('group-message', (e) => void received.push(e.message.data));
    await client.start();
    cleanup.push(() => client.stop());
    await client.joinGroup('room');

    // More to look at (and more secrets that must not show): a reliable raw client, whose connected
    // message carries a reconnection token, plain clients, and a SignalR client in a group.
    const bob = await service.getClientAccessToken({ userId: 'bob', groups: ['room'] });
    const raw = await WsProbe.connect(bob.url, 'json.reliable.webpubsub.azure.v1');
    const { reconnectionToken } = (await raw.nextJson()) as { reconnectionToken: string };
    expect(reconnectionToken).toBeTruthy();
    cleanup.push(() => raw.close());
    for (const userId of ['carol', 'dave']) {
      const plain = await WsProbe.connect((await service.getClientAccessToken({ userId })).url);
      cleanup.push(() => plain.close());
    }
    const sr = await negotiateResult(emulator.signalR.endpoint, { nameid: 'erin' }, 'dashboard');
    const signalR = signalRClient(sr.url, sr.accessToken, 'WebSockets', 'json');
    await signalR.start();
    cleanup.push(() => signalR.stop());
    await signalRRest(emulator.signalR.endpoint, 'PUT', 'dashboard/groups/ops/users/erin?ttl=3600');

    // The client's connection and its group, in the state panel.
    await page.locator('button.hub', { hasText: 'chat' }).click();
    const row = page.locator('[data-connection]', { hasText: 'alice' });
    await row.waitFor();
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('groups: room');
    const joined = page.locator('.event.kind-frame', { hasText: 'joinGroup group=room' });
    await joined.first().waitFor();
    await page.locator('#tabs button[data-tab="groups"]').click();
    await page.locator('.row', { hasText: 'room' }).filter({ hasText: 'alice' }).waitFor();
    await page.locator('#tabs button[data-tab="connections"]').click();

    // A REST send appears on the timeline, with its body.
    await service.sendToAll({ hello: 'from REST' });
    const rest = page.locator('.event.kind-http', { hasText: 'POST /api/hubs/chat/:send' });
    await rest.first().waitFor();
    expect(await rest.first().textContent()).toContain('{"hello":"from REST"}');

    // An action: send to the group; the real client receives it.
    await row.click(); // picks the connection (and its hub) for the form
    const form = page.locator('#action-form');
    expect(await form.locator('[name=hub]').inputValue()).toBe('chat');
    await form.locator('[name=to]').selectOption('group');
    await form.locator('[name=group]').fill('room');
    await form.locator('[name=data]').fill('hello from the inspector');
    await form.locator('button[type=submit]').click();
    await page.locator('#action-result.ok', { hasText: 'answered 202' }).waitFor();
    await eventually(() => received.includes('hello from the inspector'), 5000);
    await page.locator('.event.kind-action', { hasText: 'WebPubSub_SendToGroup' }).waitFor();

    // Nothing secret anywhere on the page: not in its text, not in its HTML.
    const html = await page.content();
    const text = (await page.textContent('body')) ?? '';
    const secrets = [KEY, alice.token, bob.token, reconnectionToken, sr.accessToken];
    for (const secret of secrets) {
      expect(html).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(html).not.toMatch(JWT);
    expect(html).not.toContain('access_token=ey');

    const screenshot = process.env.INSPECTOR_SCREENSHOT;
    if (screenshot) {
      await page.locator('#tabs button[data-tab="connections"]').click();
      await page.waitForTimeout(600); // one more hub update, so the counters are current
      await page.screenshot({ path: screenshot });
    }
  },
  60_000,
);

it.skipIf(!CHROMIUM)(
  'keeps 1,000 connections to a few DOM rows and the timeline capped',
  async () => {
    const page = await openInspector();
    // The page's model is fed by the stream; here a synthetic hub of 1,000 connections and 1,500
    // events go through the same entry points the stream uses (no server needed for the volume).
    // A string, so the test runner does not rewrite its dynamic imports.
    const rows = (await page.evaluate(`(async () => {
    const { StateView } = await import('./state-view.js');
    const { TimelineView, MAX_ROWS } = await import('./timeline-view.js');
    const list = document.createElement('div');
    list.style.height = '400px';
    list.style.overflow = 'auto';
    document.body.append(list);
    const view = new StateView({
      hubList: document.createElement('ul'),
      tabs: document.createElement('div'),
      search: document.createElement('input'),
      list,
      totals: document.createElement('span'),
      title: document.createElement('h2'),
      onSelectConnection: () => {},
    });
    const connections = Array.from({ length: 1000 }, (_, i) => ({
      connectionId: 'c' + i, userId: 'u' + i, protocol: 'plain', reliable: false, state: 'open',
      groups: [], roles: [], connectedAt: Date.now(), messagesIn: 0, messagesOut: 0,
    }));
    view.setState({
      takenAt: Date.now(),
      webPubSub: { hubs: [{ name: 'big', connections, groups: [], users: [] }] },
      signalR: { hubs: [] },
      timeline: { recorded: 0, kept: 0, capacity: 0, lastSeq: 0, watchers: 1 },
    });
    const timelineList = document.createElement('ol');
    const timeline = new TimelineView(timelineList, document.createElement('p'));
    for (let seq = 1; seq <= 1500; seq++) {
      timeline.add({ seq, at: Date.now(), service: 'webpubsub', kind: 'refused', path: '/x', status: 401, reason: 'r' });
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return {
      connectionRows: list.querySelectorAll('[data-connection]').length,
      timelineRows: timelineList.childElementCount,
      max: MAX_ROWS,
      newest: timelineList.firstElementChild?.getAttribute('data-seq'),
    };
  })()`)) as { connectionRows: number; timelineRows: number; max: number; newest: string };
    expect(rows.connectionRows).toBeGreaterThan(0);
    expect(rows.connectionRows).toBeLessThan(50);
    expect(rows.timelineRows).toBe(rows.max);
    expect(rows.newest).toBe('1500');
  },
);
