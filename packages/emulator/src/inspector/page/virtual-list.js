// @ts-check
// A list that creates DOM rows only for what is scrolled into view (plus a margin), so a hub with
// thousands of connections renders as fast as one with ten. Rows have a fixed height.
import { frameBatcher } from './dom.js';

/** @template T */
export class VirtualList {
  /** @type {readonly T[]} */ #items = [];
  #spacer;
  #rows;
  #render;

  /**
   * @param {HTMLElement} viewport a scrolling element with a fixed height
   * @param {number} rowHeight in pixels
   * @param {(item: T) => HTMLElement} renderRow
   */
  constructor(viewport, rowHeight, renderRow) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.renderRow = renderRow;
    this.#spacer = document.createElement('div');
    this.#spacer.className = 'vlist-spacer';
    this.#rows = document.createElement('div');
    this.#rows.className = 'vlist-rows';
    this.#spacer.append(this.#rows);
    viewport.replaceChildren(this.#spacer);
    this.#render = frameBatcher(() => this.#draw());
    viewport.addEventListener('scroll', this.#render, { passive: true });
  }

  /** @param {readonly T[]} items */
  setItems(items) {
    this.#items = items;
    this.#render();
  }

  get size() {
    return this.#items.length;
  }

  #draw() {
    const { rowHeight } = this;
    this.#spacer.style.height = `${this.#items.length * rowHeight}px`;
    const margin = 10;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / rowHeight) - margin);
    const visible = Math.ceil(this.viewport.clientHeight / rowHeight) + margin * 2;
    const last = Math.min(this.#items.length, first + visible);
    this.#rows.style.transform = `translateY(${first * rowHeight}px)`;
    const rows = [];
    for (let i = first; i < last; i++) rows.push(this.renderRow(/** @type {T} */ (this.#items[i])));
    this.#rows.replaceChildren(...rows);
  }
}
