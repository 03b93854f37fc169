// @ts-check
// The action form: send to a connection, user, group or hub; add or remove a group member; close a
// connection. The emulator runs each as the REST operation it names (same code path as the REST API).
// Requests carry the X-Hubcast-Inspector header, which the server requires of every action.

/** @typedef {{ service: string, action: string, to: string }} FormState */

/** Which fields an action uses. */
const FIELDS = {
  to: (/** @type {FormState} */ s) => s.action === 'send',
  connectionId: (/** @type {FormState} */ s) =>
    s.action === 'close' ||
    s.action.endsWith('Group') ||
    (s.action === 'send' && s.to === 'connection'),
  userId: (/** @type {FormState} */ s) =>
    s.action.endsWith('Group') || (s.action === 'send' && s.to === 'user'),
  group: (/** @type {FormState} */ s) =>
    s.action.endsWith('Group') || (s.action === 'send' && s.to === 'group'),
  data: (/** @type {FormState} */ s) => s.action === 'send' && s.service === 'webpubsub',
  contentType: (/** @type {FormState} */ s) => s.action === 'send' && s.service === 'webpubsub',
  target: (/** @type {FormState} */ s) => s.action === 'send' && s.service === 'signalr',
  arguments: (/** @type {FormState} */ s) => s.action === 'send' && s.service === 'signalr',
  reason: (/** @type {FormState} */ s) => s.action === 'close',
};

export class ActionsView {
  /**
   * @param {HTMLFormElement} form
   * @param {HTMLElement} result
   * @param {HTMLDataListElement} hubNames
   * @param {(service: 'webpubsub' | 'signalr') => string[]} hubsOf
   */
  constructor(form, result, hubNames, hubsOf) {
    this.form = form;
    this.result = result;
    this.hubNames = hubNames;
    this.hubsOf = hubsOf;
    form.addEventListener('change', () => this.#layout());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#run();
    });
    this.#layout();
  }

  /**
   * Fills the form for a connection picked in the state panel.
   * @param {'webpubsub' | 'signalr'} service
   * @param {string} hub
   * @param {{ connectionId: string, userId?: string }} connection
   */
  select(service, hub, connection) {
    this.#set('service', service);
    this.#set('hub', hub);
    this.#set('connectionId', connection.connectionId);
    this.#set('userId', '');
    if (this.#value('action') === 'send') this.#set('to', 'connection');
    this.#layout();
  }

  /** @param {string} name */
  #field(name) {
    return /** @type {HTMLInputElement} */ (this.form.elements.namedItem(name));
  }

  /** @param {string} name */
  #value(name) {
    return this.#field(name).value;
  }

  /** @param {string} name @param {string} value */
  #set(name, value) {
    this.#field(name).value = value;
  }

  #state() {
    return {
      service: this.#value('service'),
      action: this.#value('action'),
      to: this.#value('to'),
    };
  }

  #layout() {
    const state = this.#state();
    for (const [name, shown] of Object.entries(FIELDS)) {
      const label = this.#field(name).closest('label');
      if (label) label.hidden = !shown(state);
    }
    const service = /** @type {'webpubsub' | 'signalr'} */ (state.service);
    this.hubNames.replaceChildren(
      ...this.hubsOf(service).map((name) =>
        Object.assign(document.createElement('option'), { value: name }),
      ),
    );
  }

  async #run() {
    const state = this.#state();
    /** @type {Record<string, unknown>} */
    const body = { service: state.service, action: state.action, hub: this.#value('hub') };
    for (const [name, shown] of Object.entries(FIELDS)) {
      const value = this.#value(name);
      if (!shown(state) || (value === '' && name !== 'data')) continue;
      body[name] = value;
    }
    if (typeof body.arguments === 'string') {
      try {
        body.arguments = JSON.parse(body.arguments);
      } catch {
        return this.#show(false, 'Arguments must be a JSON array, e.g. ["hello", 1].');
      }
    }
    this.#show(true, 'Running…');
    try {
      const response = await fetch('api/actions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hubcast-inspector': '1' },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) this.#show(true, `Done: the REST operation answered ${answer.status}.`);
      else
        this.#show(
          false,
          `Failed (${response.status} ${answer.code ?? ''}): ${answer.message ?? ''}`,
        );
    } catch (error) {
      this.#show(false, `Failed: ${String(error)}`);
    }
  }

  /** @param {boolean} ok @param {string} text */
  #show(ok, text) {
    this.result.textContent = text;
    this.result.className = ok ? 'ok' : 'failed';
  }
}
