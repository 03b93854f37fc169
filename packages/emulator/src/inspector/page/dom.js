// @ts-check
// Small DOM helpers for the inspector page. Everything the page shows goes through textContent (never
// innerHTML), so names and payloads from clients cannot inject markup.

/**
 * Creates an element with attributes (`class`, `title`, data-…, event handlers as `on…` functions)
 * and children (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else if (name === 'class') {
      node.className = String(value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * The element with this id (the page's markup defines them all).
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}.`);
  return /** @type {T} */ (node);
}

/** @param {number} ms since the epoch */
export function clock(ms) {
  const d = new Date(ms);
  const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** @param {number} ms since the epoch */
export function since(ms) {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

/** @param {number} n */
export function count(n) {
  return n.toLocaleString('en-US');
}

/**
 * Runs `render` once in the next animation frame, however often it is asked for before then.
 * @param {() => void} render
 */
export function frameBatcher(render) {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  };
}
