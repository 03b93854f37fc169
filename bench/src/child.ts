// Worker processes of the benchmarks (the HTTP sink, the WebSocket clients): forked Node processes
// that talk over IPC, so the bench process and the measured peer never share an event loop.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  send(message: object): void;
  /** The next message of `type` from the child (rejects if it exits first). */
  next<T extends { type: string }>(type: T['type'], timeoutMs?: number): Promise<T>;
  /** Sends `message` and waits for the reply of `type`. */
  ask<T extends { type: string }>(message: object, type: T['type'], timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * A built script of this package. Children always run from dist/ (also when the harness runs from src/
 * under vitest), because Node 20 cannot run the TypeScript sources without a loader.
 */
export function builtScript(name: string): string {
  return fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));
}

/** Forks the built `script` and waits for its `ready` message. */
export async function startChild(script: string): Promise<Child & { ready: unknown }> {
  const proc: ChildProcess = fork(builtScript(script), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  const queue: { type: string }[] = [];
  const waiters = new Set<() => void>();
  let exited: Error | undefined;
  proc.on('message', (message) => {
    queue.push(message as { type: string });
    for (const wake of waiters) wake();
  });
  proc.on('exit', (code, signal) => {
    exited = new Error(`${script} exited (${signal ?? code})`);
    for (const wake of waiters) wake();
  });
  const next = <T extends { type: string }>(type: string, timeoutMs = 60_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`${script}: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        const index = queue.findIndex((m) => m.type === type);
        if (index >= 0) return done(undefined, queue.splice(index, 1)[0] as T);
        if (exited) done(exited);
      };
      const done = (error?: Error, value?: T) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(value as T);
      };
      waiters.add(check);
      check();
    });
  const child: Child = {
    send: (message) => proc.send(message),
    next,
    ask: (message, type, timeoutMs) => {
      proc.send(message);
      return next(type, timeoutMs);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill();
      }),
  };
  const ready = await next('ready');
  return { ...child, ready };
}
