// One row of the SignalR request tables: a client call and the exact request it must make.
import type { SignalRServiceClient } from '../../src/index.js';

export interface SignalRCase {
  name: string;
  call: (c: SignalRServiceClient) => Promise<unknown>;
  method: string;
  target: string;
  body?: unknown;
}
