// The CLI's event-handler and upstream settings: the compact `--event-handler` / `--upstream` syntax
// (`key=value` pairs like `az webpubsub hub create --event-handler`), a `--config` JSON file, errors
// that name the flag or the file entry, and the startup banner's list of what will be called.
import { readFile } from 'node:fs/promises';
import {
  type EventHandler,
  type EventHandlerSettings,
  resolveEventHandlers,
  resolveUpstreamTemplates,
  SYSTEM_EVENTS,
  type UpstreamTemplate,
  type UpstreamTemplateSettings,
} from '../upstream/settings.js';

export interface UpstreamSettings {
  readonly eventHandlers: EventHandlerSettings[];
  readonly upstreamTemplates: UpstreamTemplateSettings[];
}

const EVENT_HANDLER_KEYS: Readonly<Record<string, keyof EventHandlerSettings>> = {
  hub: 'hub',
  'url-template': 'urlTemplate',
  'user-event-pattern': 'userEventPattern',
  'system-events': 'systemEvents',
  'system-event': 'systemEvents',
};
const UPSTREAM_KEYS: Readonly<Record<string, keyof UpstreamTemplateSettings>> = {
  'url-template': 'urlTemplate',
  'hub-pattern': 'hubPattern',
  'category-pattern': 'categoryPattern',
  'event-pattern': 'eventPattern',
};

/**
 * `--event-handler "hub=chat url-template=http://localhost:3000/eventhandler user-event-pattern=*
 * system-events=connect,connected,disconnected"`; a bare URL alone takes every event of every hub.
 */
export function parseEventHandlerFlag(text: string, n: number): EventHandlerSettings {
  const flag = `--event-handler #${n}`;
  const pairs = keyValues(text, flag, EVENT_HANDLER_KEYS);
  if (pairs.length === 1 && pairs[0]?.[0] === 'url-template' && !text.includes('=')) {
    const urlTemplate = pairs[0][1];
    return { hub: '*', urlTemplate, userEventPattern: '*', systemEvents: [...SYSTEM_EVENTS] };
  }
  const settings: Record<string, unknown> = {};
  const systemEvents: string[] = [];
  for (const [key, value] of pairs) {
    if (key === 'system-events' || key === 'system-event') {
      systemEvents.push(...value.split(',').map((e) => e.trim()));
    } else {
      settings[EVENT_HANDLER_KEYS[key] as string] = value;
    }
  }
  if (systemEvents.length > 0) settings.systemEvents = systemEvents;
  check(() => resolveEventHandlers([settings], 'flag'), flag);
  return settings as unknown as EventHandlerSettings;
}

/** `--upstream "url-template=http://localhost:7071/runtime/webhooks/signalr hub-pattern=chat"`, or a bare URL. */
export function parseUpstreamFlag(text: string, n: number): UpstreamTemplateSettings {
  const flag = `--upstream #${n}`;
  const settings: Record<string, string> = {};
  for (const [key, value] of keyValues(text, flag, UPSTREAM_KEYS)) {
    settings[UPSTREAM_KEYS[key] as string] = value;
  }
  check(() => resolveUpstreamTemplates([settings], 'flag'), flag);
  return settings as unknown as UpstreamTemplateSettings;
}

/** A JSON file `{ "eventHandlers": [...], "upstreamTemplates": [...] }` with the API's field names. */
export async function readConfigFile(path: string): Promise<UpstreamSettings> {
  let config: unknown;
  try {
    config = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const why =
      error instanceof SyntaxError ? `it is not JSON (${error.message})` : (error as Error).message;
    throw new TypeError(`--config ${path}: ${why}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError(`--config ${path}: the file must hold a JSON object.`);
  }
  const { eventHandlers, upstreamTemplates, ...rest } = config as Record<string, unknown>;
  const unknown = Object.keys(rest).filter((key) => key !== '$schema');
  if (unknown.length > 0) {
    throw new TypeError(
      `--config ${path}: unknown setting "${unknown[0]}"; the file holds eventHandlers and upstreamTemplates.`,
    );
  }
  // Checked here so the error names the file; startEmulator checks them again.
  resolveEventHandlers(eventHandlers, `${path}: eventHandlers`);
  resolveUpstreamTemplates(upstreamTemplates, `${path}: upstreamTemplates`);
  return {
    eventHandlers: (eventHandlers as EventHandlerSettings[] | undefined) ?? [],
    upstreamTemplates: (upstreamTemplates as UpstreamTemplateSettings[] | undefined) ?? [],
  };
}

/** The banner's lines: each handler and upstream in the order they are matched. */
export function describeUpstream(
  handlers: readonly EventHandler[],
  templates: readonly UpstreamTemplate[],
): string[] {
  const lines = ['Event handlers (Web PubSub, first match wins):'];
  if (handlers.length === 0) lines.push('  none: client events get the no-handler answers');
  for (const h of handlers) {
    const events = [
      h.userEvents ? `user events ${h.userEvents.text}` : '',
      h.systemEvents.size ? `system events ${[...h.systemEvents].join(',')}` : '',
    ].filter(Boolean);
    lines.push(`  hub ${h.hub.text}: ${h.urlTemplate.display}  (${events.join('; ')})`);
  }
  lines.push('Upstream (SignalR, first match wins):');
  if (templates.length === 0)
    lines.push('  none: client invocations are ignored, as in the service');
  for (const t of templates) {
    lines.push(
      `  ${t.urlTemplate.display}  (hubs ${t.hubs.text}; categories ${t.categories.text}; events ${t.events.text})`,
    );
  }
  return lines;
}

/** `key=value` pairs separated by spaces; a lone URL is the url-template. */
function keyValues(
  text: string,
  flag: string,
  known: Readonly<Record<string, unknown>>,
): [string, string][] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new TypeError(`${flag} is empty; give at least a url-template.`);
  return tokens.map((token) => {
    const eq = token.indexOf('=');
    if (/^https?:\/\//i.test(token)) return ['url-template', token];
    if (eq <= 0) {
      throw new TypeError(
        `${flag}: "${token}" is not key=value; the keys are ${Object.keys(known).join(', ')}.`,
      );
    }
    const key = token.slice(0, eq).toLowerCase();
    if (!(key in known)) {
      throw new TypeError(
        `${flag}: unknown key "${key}"; the keys are ${Object.keys(known).join(', ')}.`,
      );
    }
    return [key, token.slice(eq + 1)];
  });
}

/** Runs a settings check, turning `flag[0].urlTemplate …` into `--event-handler #1: url-template …`. */
function check(run: () => unknown, flag: string): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const message = error.message
      .replace(/^flag\[0\](\.| )/, (_, separator: string) =>
        separator === '.' ? `${flag}: ` : `${flag} `,
      )
      .replace(
        /\b(urlTemplate|userEventPattern|systemEvents|hubPattern|categoryPattern|eventPattern)\b/g,
        (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      );
    throw new TypeError(message);
  }
}
