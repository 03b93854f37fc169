// @ts-check
// The state panel: hubs of both services, and for the chosen hub its connections, groups and users
// (virtualized lists with a search box). Fed by the stream's `state` and `hub` events.
import { count, el, frameBatcher, since } from './dom.js';
import { VirtualList } from './virtual-list.js';

/** @typedef {import('../types.js').InspectorSnapshot} InspectorSnapshot */
/** @typedef {import('../types.js').WebPubSubHubState | import('../types.js').SignalRHubState} AnyHub */
/** @typedef {import('../types.js').WebPubSubConnectionState | import('../types.js').SignalRConnectionState} AnyConnection */
/** @typedef {{ service: 'webpubsub' | 'signalr', hub: AnyHub }} HubEntry */
/** @typedef {(service: 'webpubsub' | 'signalr', hub: string, connection: AnyConnection) => void} SelectConnection */

const ROW_HEIGHT = 44;

export class StateView {
  /** @type {Map<string, HubEntry>} */ hubs = new Map();
  /** @type {string | undefined} */ selected;
  /** @type {'connections' | 'groups' | 'users'} */ tab = 'connections';
  query = '';
  #render;

  /**
   * @param {{ hubList: HTMLElement, tabs: HTMLElement, search: HTMLInputElement, list: HTMLElement,
   *   totals: HTMLElement, title: HTMLElement, onSelectConnection: SelectConnection }} parts
   */
  constructor(parts) {
    this.parts = parts;
    /** @type {VirtualList<any>} */
    this.list = new VirtualList(parts.list, ROW_HEIGHT, (item) => this.#row(item));
    this.#render = frameBatcher(() => this.#draw());
    parts.search.addEventListener('input', () => {
      this.query = parts.search.value.trim().toLowerCase();
      this.#render();
    });
    for (const button of parts.tabs.querySelectorAll('button[data-tab]')) {
      button.addEventListener('click', () => {
        this.tab = /** @type {any} */ (button.getAttribute('data-tab'));
        this.#render();
      });
    }
    // Connected-for times move on even when nothing else changes.
    setInterval(this.#render, 5000);
  }

  /** @param {InspectorSnapshot} snapshot */
  setState(snapshot) {
    this.hubs.clear();
    for (const hub of snapshot.webPubSub.hubs)
      this.hubs.set(key('webpubsub', hub.name), { service: 'webpubsub', hub });
    for (const hub of snapshot.signalR.hubs)
      this.hubs.set(key('signalr', hub.name), { service: 'signalr', hub });
    this.#render();
  }

  /**
   * @param {'webpubsub' | 'signalr'} service
   * @param {string} name
   * @param {AnyHub | null} hub null when the hub is gone
   */
  updateHub(service, name, hub) {
    if (hub) this.hubs.set(key(service, name), { service, hub });
    else this.hubs.delete(key(service, name));
    this.#render();
  }

  /** Hub names of a service, for the action form. */
  hubNames(/** @type {'webpubsub' | 'signalr'} */ service) {
    return [...this.hubs.values()].filter((h) => h.service === service).map((h) => h.hub.name);
  }

  #draw() {
    const entries = [...this.hubs.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    if (!this.selected || !this.hubs.has(this.selected)) this.selected = entries[0]?.[0];
    const totals = { webpubsub: 0, signalr: 0 };
    for (const [, entry] of entries) totals[entry.service] += entry.hub.connections.length;
    this.parts.totals.textContent = `Web PubSub: ${count(totals.webpubsub)} connections · SignalR: ${count(totals.signalr)} connections`;
    this.parts.hubList.replaceChildren(
      ...(entries.length === 0
        ? [el('li', { class: 'empty' }, ['No hub has connections yet.'])]
        : []),
      ...entries.map(([k, { service, hub }]) =>
        el('li', {}, [
          el(
            'button',
            {
              class: k === this.selected ? 'hub selected' : 'hub',
              'data-hub': k,
              onclick: () => this.#select(k),
            },
            [
              el('span', { class: `badge service-${service}` }, [
                service === 'webpubsub' ? 'WPS' : 'SR',
              ]),
              el('span', { class: 'hub-name' }, [hub.name]),
              el('span', { class: 'hub-count' }, [
                `${count(hub.connections.length)} conn · ${count(hub.groups.length)} groups`,
              ]),
            ],
          ),
        ]),
      ),
    );
    const entry = this.selected ? this.hubs.get(this.selected) : undefined;
    this.parts.title.textContent = entry
      ? `${entry.service === 'webpubsub' ? 'Web PubSub' : 'SignalR'} hub “${entry.hub.name}”`
      : 'No hub selected';
    for (const button of this.parts.tabs.querySelectorAll('button[data-tab]')) {
      const tab = button.getAttribute('data-tab');
      button.classList.toggle('selected', tab === this.tab);
      const n = entry
        ? entry.hub[/** @type {'connections' | 'groups' | 'users'} */ (tab)].length
        : 0;
      button.textContent = `${tab?.[0]?.toUpperCase()}${tab?.slice(1)} (${count(n)})`;
    }
    const items = entry ? /** @type {any[]} */ (entry.hub[this.tab]) : [];
    const q = this.query;
    this.list.setItems(
      q ? items.filter((item) => JSON.stringify(item).toLowerCase().includes(q)) : items,
    );
  }

  /** @param {string} k */
  #select(k) {
    this.selected = k;
    this.#render();
  }

  /** @param {any} item */
  #row(item) {
    const entry = this.selected ? this.hubs.get(this.selected) : undefined;
    if (!entry) return el('div');
    if (this.tab === 'groups') return groupRow(item);
    if (this.tab === 'users') {
      const n = item.connectionIds.length;
      return twoLines(
        [item.userId],
        `${n} connection${n === 1 ? '' : 's'}`,
        item.connectionIds.join(', '),
      );
    }
    const conn = /** @type {AnyConnection} */ (item);
    const how = 'transport' in conn ? `${conn.transport} · ${conn.protocol}` : conn.protocol;
    const away = 'state' in conn && conn.state === 'recovering' ? ' (recovering)' : '';
    const details = [`groups: ${conn.groups.length ? conn.groups.join(', ') : '–'}`];
    if ('roles' in conn) details.push(`roles: ${conn.roles.length ? conn.roles.join(', ') : '–'}`);
    const row = twoLines(
      [conn.connectionId, conn.userId ?? '(anonymous)', `${how}${away}`],
      `in ${count(conn.messagesIn)} · out ${count(conn.messagesOut)} · ${since(conn.connectedAt)}`,
      details.join(' · '),
    );
    row.classList.add('connection');
    row.setAttribute('data-connection', conn.connectionId);
    row.title = 'Click to pick this connection for the actions';
    row.addEventListener('click', () =>
      this.parts.onSelectConnection(entry.service, entry.hub.name, conn),
    );
    return row;
  }
}

/** @param {import('../types.js').GroupState & { users?: { userId: string }[] }} group */
function groupRow(group) {
  const members = group.members.map((m) =>
    m.userId ? `${m.userId} (${m.connectionId})` : m.connectionId,
  );
  const users = group.users?.length
    ? ` · users added: ${group.users.map((u) => u.userId).join(', ')}`
    : '';
  const n = group.members.length;
  return twoLines(
    [group.name],
    `${n} member${n === 1 ? '' : 's'}`,
    `${members.join(', ') || '–'}${users}`,
  );
}

/**
 * A row of two lines: names and a figure on top, details below.
 * @param {string[]} names the first is the id
 * @param {string} figure
 * @param {string} details
 */
function twoLines(names, figure, details) {
  return el('div', { class: 'row' }, [
    el('div', { class: 'line' }, [
      ...names.map((text, i) =>
        el('span', { class: i === 0 ? 'id' : 'name', title: text }, [text]),
      ),
      el('span', { class: 'figure' }, [figure]),
    ]),
    el('div', { class: 'line details', title: details }, [details]),
  ]);
}

/**
 * @param {string} service
 * @param {string} name
 */
function key(service, name) {
  return `${service}/${name}`;
}
