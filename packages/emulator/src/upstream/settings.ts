// The settings that say where the emulator calls the app: Web PubSub event handlers and SignalR
// upstream templates. Field names mirror the Azure resource settings (a hub's `eventHandlers`, a
// SignalR resource's `upstream.templates`). Checked once at start; a bad setting throws a TypeError
// that names it. The order matters, as in Azure: the first matching entry wins.
import { parameterSchema, webPubSubRouteTable } from '../http/route-table.js';
import { checkValue } from '../http/validate.js';
import { UrlTemplate } from './url-template.js';

/** A system event of Web PubSub: `connect`, `connected` or `disconnected`. */
export type SystemEvent = 'connect' | 'connected' | 'disconnected';

/** The system events a Web PubSub event handler can subscribe to. */
export const SYSTEM_EVENTS: readonly SystemEvent[] = ['connect', 'connected', 'disconnected'];

/** The upstream categories of SignalR. */
export const CATEGORIES = ['connections', 'messages'] as const;
export type Category = (typeof CATEGORIES)[number];

/** One Web PubSub event handler, as in a hub's settings in Azure. */
export interface EventHandlerSettings {
  /** The hub whose events go to this handler, or `*` for every hub. Default `*`. */
  readonly hub?: string;
  /** Where events are posted. `{hub}` and `{event}` are filled in per event. */
  readonly urlTemplate: string;
  /**
   * The user events this handler takes: `*`, or comma-separated names (`message` is what plain
   * WebSocket clients send). Default: none.
   */
  readonly userEventPattern?: string;
  /** The system events this handler takes: any of `connect`, `connected`, `disconnected`. Default: none. */
  readonly systemEvents?: readonly SystemEvent[];
}

/** One SignalR upstream template, as in a SignalR resource's upstream settings in Azure. */
export interface UpstreamTemplateSettings {
  /** Where calls are posted. `{hub}`, `{category}` and `{event}` are filled in per call. */
  readonly urlTemplate: string;
  /** `*` or comma-separated hub names. Default `*`. */
  readonly hubPattern?: string;
  /** `*` or any of `connections`, `messages`, comma-separated. Default `*`. */
  readonly categoryPattern?: string;
  /** `*` or comma-separated events: `connected`, `disconnected` or hub method names. Default `*`. */
  readonly eventPattern?: string;
}

/** `*` or a list of names, matched case-insensitively. */
export class NamePattern {
  readonly #names: ReadonlySet<string> | undefined;

  private constructor(
    /** The pattern as configured, normalized (`a,b`). */
    readonly text: string,
    names: readonly string[] | undefined,
  ) {
    this.#names = names && new Set(names.map((n) => n.toLowerCase()));
  }

  static parse(
    value: unknown,
    setting: string,
    checkName: (name: string) => string | undefined = () => undefined,
  ): NamePattern {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new TypeError(`${setting} must be "*" or comma-separated names.`);
    }
    const names = value.split(',').map((n) => n.trim());
    if (names.length === 1 && names[0] === '*') return new NamePattern('*', undefined);
    for (const name of names) {
      if (name === '') throw new TypeError(`${setting} has an empty name ("${value}").`);
      if (name.includes('*')) {
        throw new TypeError(`${setting}: use "*" alone to match everything ("${value}").`);
      }
      const problem = checkName(name);
      if (problem) throw new TypeError(`${setting}: ${problem}`);
    }
    return new NamePattern(names.join(','), names);
  }

  matches(name: string): boolean {
    return this.#names === undefined || this.#names.has(name.toLowerCase());
  }
}

export interface EventHandler {
  /** `*` or one hub. */
  readonly hub: NamePattern;
  readonly urlTemplate: UrlTemplate;
  readonly userEvents: NamePattern | undefined;
  readonly systemEvents: ReadonlySet<SystemEvent>;
}

export interface UpstreamTemplate {
  readonly urlTemplate: UrlTemplate;
  readonly hubs: NamePattern;
  readonly categories: NamePattern;
  readonly events: NamePattern;
}

const hubSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_SendToAll', 'hub');
const HUB_RULE = 'a letter, then up to 127 of A-Z a-z 0-9 _ ` , . [ ]';
const checkHub = (name: string) =>
  checkValue(name, hubSchema, 'hub') ? `"${name}" is not a hub name (${HUB_RULE}).` : undefined;

/** Checks `startEmulator({ eventHandlers })`; `setting` names the list in errors. */
export function resolveEventHandlers(value: unknown, setting = 'eventHandlers'): EventHandler[] {
  return entries(value, setting).map(([item, name]) => {
    checkKeys(item, name, ['hub', 'urlTemplate', 'userEventPattern', 'systemEvents']);
    const hub = item.hub ?? '*';
    if (typeof hub !== 'string' || (hub !== '*' && checkHub(hub))) {
      throw new TypeError(`${name}.hub must be "*" or a hub name (${HUB_RULE}).`);
    }
    const handler: EventHandler = {
      hub: NamePattern.parse(hub, `${name}.hub`),
      urlTemplate: UrlTemplate.parse(item.urlTemplate, `${name}.urlTemplate`, ['hub', 'event']),
      userEvents:
        item.userEventPattern === undefined
          ? undefined
          : NamePattern.parse(item.userEventPattern, `${name}.userEventPattern`),
      systemEvents: systemEvents(item.systemEvents, `${name}.systemEvents`),
    };
    if (!handler.userEvents && handler.systemEvents.size === 0) {
      throw new TypeError(
        `${name} takes no event: set userEventPattern (e.g. "*") or systemEvents (e.g. ["connect"]).`,
      );
    }
    return Object.freeze(handler);
  });
}

/** Checks `startEmulator({ upstreamTemplates })`; `setting` names the list in errors. */
export function resolveUpstreamTemplates(
  value: unknown,
  setting = 'upstreamTemplates',
): UpstreamTemplate[] {
  return entries(value, setting).map(([item, name]) => {
    checkKeys(item, name, ['urlTemplate', 'hubPattern', 'categoryPattern', 'eventPattern']);
    const category = (c: string) =>
      (CATEGORIES as readonly string[]).includes(c.toLowerCase())
        ? undefined
        : `unknown category "${c}"; use connections or messages.`;
    return Object.freeze({
      urlTemplate: UrlTemplate.parse(item.urlTemplate, `${name}.urlTemplate`, [
        'hub',
        'category',
        'event',
      ]),
      hubs: NamePattern.parse(item.hubPattern ?? '*', `${name}.hubPattern`, checkHub),
      categories: NamePattern.parse(
        item.categoryPattern ?? '*',
        `${name}.categoryPattern`,
        category,
      ),
      events: NamePattern.parse(item.eventPattern ?? '*', `${name}.eventPattern`),
    });
  });
}

/** The first handler for a system event or a user event of `hub`, as the service picks it. */
export function findEventHandler(
  handlers: readonly EventHandler[],
  hub: string,
  event: string,
  kind: 'system' | 'user',
): EventHandler | undefined {
  return handlers.find(
    (h) =>
      h.hub.matches(hub) &&
      (kind === 'system'
        ? h.systemEvents.has(event as SystemEvent)
        : (h.userEvents?.matches(event) ?? false)),
  );
}

/** The first upstream template that matches, as the service picks it. */
export function findUpstream(
  templates: readonly UpstreamTemplate[],
  hub: string,
  category: Category,
  event: string,
): UpstreamTemplate | undefined {
  return templates.find(
    (t) => t.hubs.matches(hub) && t.categories.matches(category) && t.events.matches(event),
  );
}

function entries(value: unknown, setting: string): [Record<string, unknown>, string][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError(`${setting} must be an array.`);
  return value.map((item, i) => {
    const name = `${setting}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TypeError(`${name} must be an object.`);
    }
    return [item as Record<string, unknown>, name];
  });
}

function checkKeys(item: Record<string, unknown>, name: string, known: readonly string[]): void {
  for (const key of Object.keys(item)) {
    if (known.includes(key)) continue;
    if (key === 'auth') {
      throw new TypeError(
        `${name}.auth is not supported: the emulator sends no Authorization header.`,
      );
    }
    throw new TypeError(
      `${name} has an unknown setting "${key}"; the settings are ${known.join(', ')}.`,
    );
  }
}

function systemEvents(value: unknown, setting: string): ReadonlySet<SystemEvent> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value)) {
    throw new TypeError(`${setting} must be an array of ${SYSTEM_EVENTS.join(', ')}.`);
  }
  return new Set(
    value.map((event: unknown, i) => {
      const name = typeof event === 'string' ? event.trim().toLowerCase() : '';
      if (!(SYSTEM_EVENTS as readonly string[]).includes(name)) {
        throw new TypeError(
          `${setting}[${i}] must be one of ${SYSTEM_EVENTS.join(', ')} (got ${JSON.stringify(event)}).`,
        );
      }
      return name as SystemEvent;
    }),
  );
}
