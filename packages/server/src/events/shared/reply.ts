// The answer to a blocking event, settled by the first call the app's callback makes on its reply
// object (success, fail, ...). Later calls are ignored, as a second `res.end()` would be.
import type { EventResponse } from './http.js';

export class Reply {
  readonly promise: Promise<EventResponse>;
  #resolve!: (response: EventResponse) => void;
  #done = false;

  constructor() {
    this.promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  get done(): boolean {
    return this.#done;
  }

  send(response: EventResponse): void {
    if (this.#done) return;
    this.#done = true;
    this.#resolve(response);
  }
}

/** An HTTP status an app may fail an event with: an integer from 400 to 599. */
export function checkFailureStatus(code: unknown): number {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 599) {
    throw new RangeError('code must be an HTTP error status (400 to 599)');
  }
  return code;
}
