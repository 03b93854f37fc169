// @ts-check
// The inspector page: one EventSource on api/stream feeds the state panel (`state`, `hub` events) and
// the timeline (`timeline` events). Changing a filter reopens the stream with it, so the server
// replays the kept events that match. Plain DOM and no dependencies: nothing to build or download.
import { ActionsView } from './actions-view.js';
import { byId } from './dom.js';
import { StateView } from './state-view.js';
import { TimelineView } from './timeline-view.js';

const FILTERS = ['service', 'hub', 'connectionId', 'userId', 'group'];

const timeline = new TimelineView(byId('timeline-list'), byId('timeline-held'));
/** @type {ActionsView | undefined} */
let actions;
const state = new StateView({
  hubList: byId('hub-list'),
  tabs: byId('tabs'),
  search: byId('search'),
  list: byId('state-list'),
  totals: byId('totals'),
  title: byId('hub-title'),
  onSelectConnection: (service, hub, connection) => actions?.select(service, hub, connection),
});
actions = new ActionsView(
  byId('action-form'),
  byId('action-result'),
  byId('hub-names'),
  (service) => state.hubNames(service),
);

const filters = /** @type {HTMLFormElement} */ (byId('filters'));
const status = byId('status');
/** @type {EventSource | undefined} */
let source;

/** @param {'connecting' | 'live' | 'reconnecting'} text */
function setStatus(text) {
  status.textContent = text;
  status.className = `status ${text}`;
}

/**
 * @param {EventSource} from
 * @param {string} type
 * @param {(data: any) => void} handle
 */
function on(from, type, handle) {
  from.addEventListener(type, (event) =>
    handle(JSON.parse(/** @type {MessageEvent} */ (event).data)),
  );
}

function connect() {
  source?.close();
  timeline.clear();
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = /** @type {HTMLInputElement} */ (filters.elements.namedItem(name)).value.trim();
    if (value) query.set(name, value);
  }
  setStatus('connecting');
  const stream = new EventSource(`api/stream?${query}`);
  source = stream;
  stream.addEventListener('open', () => setStatus('live'));
  stream.addEventListener('error', () => setStatus('reconnecting'));
  on(stream, 'state', (snapshot) => state.setState(snapshot));
  on(stream, 'hub', ({ service, name, hub }) => state.updateHub(service, name, hub));
  on(stream, 'timeline', (event) => timeline.add(event));
  on(stream, 'gap', ({ missed }) => {
    byId('timeline-held').textContent =
      `${missed} older events were dropped before they could be shown.`;
  });
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let refilter;
filters.addEventListener('input', () => {
  clearTimeout(refilter);
  refilter = setTimeout(connect, 300);
});
filters.addEventListener('submit', (event) => {
  event.preventDefault();
  connect();
});

const pause = byId('pause');
pause.addEventListener('click', () => {
  timeline.setPaused(!timeline.paused);
  pause.textContent = timeline.paused ? 'Resume' : 'Pause';
  pause.setAttribute('aria-pressed', String(timeline.paused));
});
byId('clear').addEventListener('click', () => timeline.clear());

connect();
