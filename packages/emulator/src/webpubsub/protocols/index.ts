// The Web PubSub subprotocols the emulator speaks, by name, and how one is picked from an offer.
import { jsonCodec } from './json.js';
import { plainCodec } from './plain.js';
import { protobufCodec } from './protobuf.js';
import type { WpsCodec } from './types.js';

export { plainCodec } from './plain.js';
export type * from './types.js';

export const codecs: Readonly<Record<string, WpsCodec>> = {
  'json.webpubsub.azure.v1': jsonCodec('json.webpubsub.azure.v1', false),
  'json.reliable.webpubsub.azure.v1': jsonCodec('json.reliable.webpubsub.azure.v1', true),
  'protobuf.webpubsub.azure.v1': protobufCodec('protobuf.webpubsub.azure.v1', false),
  'protobuf.reliable.webpubsub.azure.v1': protobufCodec(
    'protobuf.reliable.webpubsub.azure.v1',
    true,
  ),
};

export const supportedSubprotocols: readonly string[] = Object.keys(codecs);

/** The first offered subprotocol the service defines (as the service picks without a connect handler). */
export function firstSupported(offered: readonly string[]): string | undefined {
  return offered.find((p) => Object.hasOwn(codecs, p));
}

export function codecOf(subprotocol: string | undefined): WpsCodec {
  return (subprotocol !== undefined && codecs[subprotocol]) || plainCodec;
}
