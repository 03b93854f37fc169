// The access-key credential of @azure/core-auth's shape, whose key never shows in inspect or JSON output.
import { checkKey } from './credentials.js';

/** A static access key, as in `@azure/core-auth`. The key never shows in `inspect` or JSON output. */
export class AzureKeyCredential {
  #key: string;

  constructor(key: string) {
    this.#key = checkKey(key);
  }

  /** The current key. */
  get key(): string {
    return this.#key;
  }

  /** Replaces the key (rotation); the next request signs with the new one. */
  update(newKey: string): void {
    this.#key = checkKey(newKey, 'newKey');
  }

  /** Serializes to `{}`, so `JSON.stringify` never reveals the key. */
  toJSON(): Record<string, never> {
    return {};
  }

  /**
   * What `util.inspect` and `console.log` show: without it, `inspect(c, { showHidden, getters })` calls
   * the `key` getter and prints the key. `Symbol.for` needs no node:util import, so this runs anywhere.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'AzureKeyCredential { key: [redacted] }';
  }
}
