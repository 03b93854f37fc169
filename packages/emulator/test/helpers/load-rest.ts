// REST calls for the load suite: one keep-alive agent the suite can destroy (so idle HTTP sockets do not
// count as retained heap) and one token per URL, signed once (the audience is the URL itself).
import { Agent, request } from 'node:http';
import { signToken } from '../helpers.js';

export interface RestAnswer {
  readonly status: number;
  readonly text: string;
}

export class LoadRest {
  /**
   * `timeout` closes idle sockets after 4 s, before the emulator's 5 s keep-alive timeout does. Without
   * it Node 20's agent keeps idle sockets with no timer at all (it applies the server's `Keep-Alive:
   * timeout=5` hint only when it is shorter than the agent's own timeout, and 0 means none), so a socket
   * the server is closing could be reused: ECONNRESET / "socket hang up" on a loaded machine.
   */
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });
  readonly #tokens = new Map<string, Promise<string>>();

  /** Calls `url` with a token whose aud is `aud` (the URL unless given). */
  async call(method: string, url: string, body?: string, aud = url): Promise<RestAnswer> {
    let token = this.#tokens.get(aud);
    if (!token) {
      token = signToken({ aud });
      this.#tokens.set(aud, token);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${await token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes every pooled socket and forgets the tokens; the next call starts afresh. */
  reset(): void {
    this.#agent.destroy();
    this.#tokens.clear();
  }
}
