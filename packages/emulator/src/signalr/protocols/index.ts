// The hub protocols the emulator speaks, as the service does: json and messagepack.
import type { HubProtocol } from './hub-protocol.js';
import { jsonProtocol } from './json.js';
import { messagePackProtocol } from './messagepack.js';

export const hubProtocols: readonly HubProtocol[] = [jsonProtocol, messagePackProtocol];

/** Protocol names are matched case-insensitively, as ASP.NET Core's protocol resolver does. */
export function hubProtocolNamed(name: string): HubProtocol | undefined {
  const wanted = name.toLowerCase();
  return hubProtocols.find((p) => p.name === wanted);
}

export * from './hub-protocol.js';
export { jsonProtocol, jsonRecord } from './json.js';
export { messagePackProtocol } from './messagepack.js';
