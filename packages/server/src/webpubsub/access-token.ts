// getClientAccessToken: a client token signed locally with a key credential, or minted by the service
// (`:generateToken`) with an Entra ID credential.
import { type WebPubSubClientType, webPubSubGenerateClientToken } from '@hubcast/webpubsub-rest';
import type { KeyHolder } from '../auth/sign.js';
import { RestError } from '../errors.js';
import { expectSuccess } from '../transport.js';
import {
  type ClientTokenResponse,
  checkTokenOptions,
  clientAudience,
  type GenerateClientTokenOptions,
  signedClientAccess,
  tokenResponse,
  toWebSocketUrl,
} from './client-token.js';
import type { HubContext } from './context.js';
import { hubRequest } from './hub-request.js';

export async function clientAccessToken(
  hub: HubContext,
  baseUrl: string,
  keys: KeyHolder | undefined,
  options: GenerateClientTokenOptions,
): Promise<ClientTokenResponse> {
  const checked = checkTokenOptions(options);
  if (keys) return signedClientAccess(await keys.current().key, baseUrl, hub.hub, checked);
  const clientUrl = toWebSocketUrl(clientAudience(baseUrl, hub.hub, checked.protocol));
  const query = {
    userId: checked.userId,
    role: checked.roles,
    minutesToExpire: checked.minutes ?? 60,
    group: checked.groups,
    // As @azure/web-pubsub sends it: the protocol name when one is given (the service compares
    // case-insensitively), nothing otherwise.
    clientType: options.clientProtocol as WebPubSubClientType | undefined,
  };
  const result = await webPubSubGenerateClientToken({
    ...hubRequest(hub, {}, query, options),
    parseAs: 'json',
  });
  expectSuccess(result);
  const token = (result.data as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') {
    throw new RestError('The service answered :generateToken without a token', {
      code: RestError.PARSE_ERROR,
    });
  }
  return tokenResponse(clientUrl, token);
}
