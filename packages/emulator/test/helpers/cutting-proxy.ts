// A loopback TCP proxy that can cut every connection through it at once (both sides destroyed, no
// WebSocket close frame: what a network drop looks like) and refuse new ones for a while.

import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

export class CuttingProxy {
  readonly #pairs = new Set<[Socket, Socket]>();
  #refusing = false;
  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<CuttingProxy> {
    let proxy: CuttingProxy | undefined;
    const server = createServer((client) => proxy?.accept(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new CuttingProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  /** http://127.0.0.1:{port}, the endpoint clients dial (and their tokens' audience). */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  accept(client: Socket, targetPort: number): void {
    if (this.#refusing) return void client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    this.#pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.#pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Destroys every proxied connection; with `refuse`, new ones are dropped until `restore()`. */
  cut(options: { refuse?: boolean } = {}): void {
    this.#refusing = options.refuse ?? false;
    for (const [a, b] of [...this.#pairs]) {
      a.destroy();
      b.destroy();
    }
    this.#pairs.clear();
  }

  restore(): void {
    this.#refusing = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
