// The chat's sign-in, reduced to the part that matters here: /negotiate hands a client a session token
// (an HMAC of its name with the app's secret), the client connects with it in the query, and the
// `connect` handler turns a valid token back into the user. A real app would check a password or a
// cookie before issuing one, and give it an expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';

const NAME = /^[A-Za-z0-9_-]{1,32}$/;

export class Sessions {
  constructor(readonly secret: string) {}

  /** A token for `name`, or undefined when the name is not one the chat accepts. */
  issue(name: string): string | undefined {
    if (!NAME.test(name)) return undefined;
    return `${name}.${this.#mac(name)}`;
  }

  /** The user a token was issued to, or undefined for a missing or forged token. */
  verify(token: string | undefined): string | undefined {
    const dot = token?.lastIndexOf('.') ?? -1;
    if (!token || dot <= 0) return undefined;
    const name = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.#mac(name));
    return given.length === expected.length && timingSafeEqual(given, expected) ? name : undefined;
  }

  #mac(name: string): string {
    return createHmac('sha256', this.secret).update(name).digest('base64url');
  }
}
