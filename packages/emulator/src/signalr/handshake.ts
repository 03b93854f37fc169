// The hub protocol handshake, the same on every transport and for every protocol: the client's first
// record is JSON `{"protocol":…,"version":…}` ending with 0x1E, answered with `{}` or `{"error":…}`.
import { OutboundMessage } from './outbound-message.js';
import {
  type HubProtocol,
  hubProtocolNamed,
  jsonRecord,
  OversizeMessageError,
  type TransferFormat,
} from './protocols/index.js';
import { RECORD_SEPARATOR } from './protocols/json.js';

/** The handshake answer is JSON on every protocol; over WebSockets its frame type follows the protocol. */
export const HANDSHAKE_OK = new OutboundMessage(() => jsonRecord({}));

export function handshakeError(error: string): OutboundMessage {
  const record = jsonRecord({ error });
  return new OutboundMessage(() => record);
}

/** Collects bytes up to the end of the handshake record; what follows belongs to the hub protocol. */
export class HandshakeReader {
  #pending: Buffer = Buffer.alloc(0);

  constructor(readonly maxBytes: number) {}

  /** The handshake record and the bytes after it, or undefined while the record is incomplete. */
  push(chunk: Buffer): { record: Buffer; rest: Buffer } | undefined {
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const end = data.indexOf(RECORD_SEPARATOR);
    if (end === -1) {
      if (data.length > this.maxBytes) throw new OversizeMessageError(this.maxBytes);
      this.#pending = Buffer.from(data);
      return undefined;
    }
    this.#pending = Buffer.alloc(0);
    return { record: data.subarray(0, end), rest: data.subarray(end + 1) };
  }
}

/**
 * The protocol the handshake asks for, or the error to answer with. The wording follows ASP.NET
 * Core's, which the service answers with.
 */
export function resolveHandshake(
  record: Buffer,
  transferFormats: readonly TransferFormat[],
): { protocol: HubProtocol } | { error: string } {
  let request: { protocol?: unknown; version?: unknown };
  try {
    request = JSON.parse(record.toString('utf8'));
  } catch {
    return { error: 'The handshake request is not valid JSON.' };
  }
  if (typeof request !== 'object' || request === null) {
    return { error: 'The handshake request must be a JSON object.' };
  }
  const { protocol: name, version } = request;
  if (typeof name !== 'string')
    return { error: "The handshake request needs a 'protocol' string." };
  if (!Number.isInteger(version)) {
    return { error: "The handshake request needs an integer 'version'." };
  }
  const protocol = hubProtocolNamed(name);
  if (!protocol) return { error: `The protocol '${name}' is not supported.` };
  if (!protocol.versions.includes(version as number)) {
    return {
      error: `The server does not support version ${version} of the '${protocol.name}' protocol.`,
    };
  }
  if (!transferFormats.includes(protocol.transferFormat)) {
    return {
      error:
        `Cannot use the '${protocol.name}' protocol on the current transport. ` +
        `The transport does not support '${protocol.transferFormat}' transfer format.`,
    };
  }
  return { protocol };
}
