// Child of item 5: the app server that publishes. It POSTs the round's messages (the same bytes, the
// same headers, a few in flight) to whichever broadcast server is measured, over keep-alive HTTP, so
// the process under test only receives REST calls and fans out, as a real service does. A send that is
// not answered 202 fails the round.
import { Pool } from 'undici';

let pool: Pool | undefined;
let path = '';
let headers: Record<string, string> = {};
let bodies: string[] = [];

type Command =
  | { type: 'target'; url: string; headers: Record<string, string>; concurrency: number }
  | { type: 'prepare'; bodies: string[] }
  | { type: 'publish'; concurrency: number };

async function publish(concurrency: number): Promise<number> {
  const target = pool as Pool;
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await target.request({ method: 'POST', path, headers, body });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`answered ${response.statusCode}`);
      accepted++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return accepted;
}

process.on('message', (command: Command) => {
  if (command.type === 'target') {
    const url = new URL(command.url);
    void pool?.close();
    pool = new Pool(url.origin, { connections: command.concurrency, keepAliveTimeout: 60_000 });
    path = `${url.pathname}${url.search}`;
    headers = command.headers;
    process.send?.({ type: 'targeted' });
  } else if (command.type === 'prepare') {
    bodies = command.bodies;
    process.send?.({ type: 'prepared' });
  } else if (command.type === 'publish') {
    publish(command.concurrency).then(
      (accepted) => process.send?.({ type: 'published', accepted }),
      (error: Error) => process.send?.({ type: 'published', accepted: 0, error: error.message }),
    );
  }
});

process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
