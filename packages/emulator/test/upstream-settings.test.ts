// Event handler and upstream settings: checked at start with errors that name the setting, templates
// filled in as the services fill them, the first match wins, and the CLI's compact syntax and
// config file mean the same settings as the API.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeUpstream,
  parseEventHandlerFlag,
  parseUpstreamFlag,
  readConfigFile,
} from '../src/cli/upstream-flags.js';
import { startEmulator } from '../src/index.js';
import {
  findEventHandler,
  findUpstream,
  resolveEventHandlers,
  resolveUpstreamTemplates,
} from '../src/upstream/settings.js';
import { UrlTemplate } from '../src/upstream/url-template.js';

const URL_TEMPLATE = 'http://127.0.0.1:3000/api/{event}';

describe('startEmulator() checks the settings before it starts', () => {
  it.each([
    [{ eventHandlers: {} }, 'options.eventHandlers must be an array.'],
    [{ eventHandlers: [null] }, 'options.eventHandlers[0] must be an object.'],
    [
      { eventHandlers: [{ systemEvents: ['connect'] }] },
      'options.eventHandlers[0].urlTemplate must be a non-empty string (an http or https URL).',
    ],
    [
      { eventHandlers: [{ urlTemplate: 'localhost:3000/x', systemEvents: ['connect'] }] },
      'options.eventHandlers[0].urlTemplate must be an http or https URL, not localhost:',
    ],
    [
      { eventHandlers: [{ urlTemplate: '/relative', systemEvents: ['connect'] }] },
      'options.eventHandlers[0].urlTemplate must be an absolute http or https URL.',
    ],
    [
      { eventHandlers: [{ urlTemplate: 'http://x/{category}', systemEvents: ['connect'] }] },
      'options.eventHandlers[0].urlTemplate: unknown placeholder {category}; use {hub}, {event}.',
    ],
    [
      {
        eventHandlers: [
          {
            urlTemplate: 'http://x/{@Microsoft.KeyVault(SecretUri=https://v/)}',
            systemEvents: ['connect'],
          },
        ],
      },
      'options.eventHandlers[0].urlTemplate: Key Vault references are not supported by the emulator; put the value in the URL.',
    ],
    [
      { eventHandlers: [{ urlTemplate: URL_TEMPLATE }] },
      'options.eventHandlers[0] takes no event: set userEventPattern (e.g. "*") or systemEvents (e.g. ["connect"]).',
    ],
    [
      { eventHandlers: [{ urlTemplate: URL_TEMPLATE, systemEvents: ['connected', 'join'] }] },
      'options.eventHandlers[0].systemEvents[1] must be one of connect, connected, disconnected (got "join").',
    ],
    [
      { eventHandlers: [{ urlTemplate: URL_TEMPLATE, userEventPattern: 'a,,b' }] },
      'options.eventHandlers[0].userEventPattern has an empty name ("a,,b").',
    ],
    [
      { eventHandlers: [{ urlTemplate: URL_TEMPLATE, userEventPattern: 'chat*' }] },
      'options.eventHandlers[0].userEventPattern: use "*" alone to match everything ("chat*").',
    ],
    [
      { eventHandlers: [{ hub: 'no spaces', urlTemplate: URL_TEMPLATE, userEventPattern: '*' }] },
      'options.eventHandlers[0].hub must be "*" or a hub name (a letter, then up to 127 of A-Z a-z 0-9 _ ` , . [ ]).',
    ],
    [
      { eventHandlers: [{ urlTemplate: URL_TEMPLATE, userEventPattern: '*', user: 'x' }] },
      'options.eventHandlers[0] has an unknown setting "user"; the settings are hub, urlTemplate, userEventPattern, systemEvents.',
    ],
    [
      {
        upstreamTemplates: [
          { urlTemplate: 'http://x/{hub}/{category}/{event}', categoryPattern: 'message' },
        ],
      },
      'options.upstreamTemplates[0].categoryPattern: unknown category "message"; use connections or messages.',
    ],
    [
      { upstreamTemplates: [{ urlTemplate: 'http://x', hubPattern: 'chat,9lives' }] },
      'options.upstreamTemplates[0].hubPattern: "9lives" is not a hub name (a letter, then up to 127 of A-Z a-z 0-9 _ ` , . [ ]).',
    ],
    [
      { upstreamTemplates: [{ urlTemplate: 'http://x', auth: { type: 'ManagedIdentity' } }] },
      'options.upstreamTemplates[0].auth is not supported: the emulator sends no Authorization header.',
    ],
    [{ upstreamTimeoutMs: 50 }, 'options.upstreamTimeoutMs must be an integer from 100 to 600000.'],
    [
      { onUpstreamCall: 'log' },
      'options.onUpstreamCall must be a function that receives a call record.',
    ],
  ])('%j', async (options, message) => {
    await expect(
      startEmulator({ webPubSubPort: 0, signalRPort: 0, ...(options as object) }),
    ).rejects.toThrow(message);
  });
});

describe('URL templates', () => {
  it('fill in {hub}, {event} and {category} percent-encoded, case-insensitively', () => {
    const template = UrlTemplate.parse('http://h/api/{HUB}/{category}/{event}?code=k', 't', [
      'hub',
      'category',
      'event',
    ]);
    expect(template.expand({ hub: 'chat', category: 'messages', event: 'say hi/now' }).href).toBe(
      'http://h/api/chat/messages/say%20hi%2Fnow?code=k',
    );
    expect(template.display).toBe('http://h/api/{HUB}/{category}/{event}?…');
  });
});

describe('matching', () => {
  it('takes the first event handler whose hub and events match, case-insensitively', () => {
    const handlers = resolveEventHandlers([
      { hub: 'chat', urlTemplate: 'http://first/', userEventPattern: 'message,Typing' },
      { hub: '*', urlTemplate: 'http://second/', userEventPattern: '*', systemEvents: ['connect'] },
    ]);
    const url = (h: ReturnType<typeof findEventHandler>) => h?.urlTemplate.template;
    expect(url(findEventHandler(handlers, 'CHAT', 'typing', 'user'))).toBe('http://first/');
    expect(url(findEventHandler(handlers, 'chat', 'other', 'user'))).toBe('http://second/');
    expect(url(findEventHandler(handlers, 'chat', 'connect', 'system'))).toBe('http://second/');
    expect(findEventHandler(handlers, 'chat', 'disconnected', 'system')).toBeUndefined();
  });

  it('takes the first upstream whose hub, category and event match; patterns default to *', () => {
    const templates = resolveUpstreamTemplates([
      { urlTemplate: 'http://connections/', categoryPattern: 'connections' },
      { urlTemplate: 'http://chat/', hubPattern: 'chat', eventPattern: 'send,broadcast' },
      { urlTemplate: 'http://rest/' },
    ]);
    const url = (hub: string, category: 'connections' | 'messages', event: string) =>
      findUpstream(templates, hub, category, event)?.urlTemplate.template;
    expect(url('chat', 'connections', 'connected')).toBe('http://connections/');
    expect(url('Chat', 'messages', 'Broadcast')).toBe('http://chat/');
    expect(url('chat', 'messages', 'other')).toBe('http://rest/');
  });
});

describe('the CLI syntax', () => {
  it('reads key=value pairs, and a bare URL as every event of every hub', () => {
    expect(
      parseEventHandlerFlag(
        `hub=chat url-template=${URL_TEMPLATE} user-event-pattern=message system-event=connect system-events=connected,disconnected`,
        1,
      ),
    ).toEqual({
      hub: 'chat',
      urlTemplate: URL_TEMPLATE,
      userEventPattern: 'message',
      systemEvents: ['connect', 'connected', 'disconnected'],
    });
    expect(parseEventHandlerFlag(URL_TEMPLATE, 1)).toEqual({
      hub: '*',
      urlTemplate: URL_TEMPLATE,
      userEventPattern: '*',
      systemEvents: ['connect', 'connected', 'disconnected'],
    });
    expect(parseUpstreamFlag('http://u/{hub} hub-pattern=chat event-pattern=a,b', 2)).toEqual({
      urlTemplate: 'http://u/{hub}',
      hubPattern: 'chat',
      eventPattern: 'a,b',
    });
    expect(() => parseUpstreamFlag('url-template=http://u category-pattern=*,x', 2)).toThrow(
      '--upstream #2: category-pattern: use "*" alone to match everything ("*,x").',
    );
  });

  it('reads a config file with the API’s field names, and lists what will be called', async () => {
    const path = join(tmpdir(), `hubcast-upstream-${process.pid}.json`);
    const settings = {
      eventHandlers: [
        { hub: 'chat', urlTemplate: 'http://app/{event}?code=s', systemEvents: ['connect'] },
      ],
      upstreamTemplates: [
        { urlTemplate: 'http://app/signalr/{category}', categoryPattern: 'messages' },
      ],
    };
    await writeFile(path, JSON.stringify(settings));
    expect(await readConfigFile(path)).toEqual(settings);
    expect(
      describeUpstream(
        resolveEventHandlers(settings.eventHandlers),
        resolveUpstreamTemplates(settings.upstreamTemplates),
      ),
    ).toEqual([
      'Event handlers (Web PubSub, first match wins):',
      '  hub chat: http://app/{event}?…  (system events connect)',
      'Upstream (SignalR, first match wins):',
      '  http://app/signalr/{category}  (hubs *; categories messages; events *)',
    ]);
    await writeFile(path, JSON.stringify({ eventHandlers: [{ urlTemplate: 'http://app/' }] }));
    await expect(readConfigFile(path)).rejects.toThrow(
      `${path}: eventHandlers[0] takes no event: set userEventPattern (e.g. "*") or systemEvents (e.g. ["connect"]).`,
    );
  });
});
