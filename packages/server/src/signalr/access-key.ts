// With a Microsoft Entra ID credential there is no local access key, so client tokens are signed with a
// temporary key from `GET /api/v1/auth/accessKey` (or `/api/auth/accessKey` on the current API),
// {KeyId, AccessKey}, and carry `kid` = KeyId. The key is cached and fetched again after 55 minutes,
// before the service stops accepting it.
import { type HmacKey, importHmacKey } from '../auth/hmac.js';
import { RestError } from '../errors.js';
import { expectSuccess, type RawResult } from '../transport.js';

export const ACCESS_KEY_REFRESH_MS = 55 * 60 * 1000;

export interface SigningKey {
  key: HmacKey;
  kid: string;
}

export class AccessKeySource {
  readonly #request: (signal?: AbortSignal) => Promise<RawResult>;
  #current: { value: SigningKey; fetchedAt: number } | undefined;
  #pending: Promise<SigningKey> | undefined;

  /** `request` fetches `{KeyId, AccessKey}` from the service. */
  constructor(request: (signal?: AbortSignal) => Promise<RawResult>) {
    this.#request = request;
  }

  get(signal?: AbortSignal, now = Date.now()): Promise<SigningKey> {
    if (this.#current && now - this.#current.fetchedAt < ACCESS_KEY_REFRESH_MS) {
      return Promise.resolve(this.#current.value);
    }
    // Concurrent negotiations share one fetch.
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #fetch(signal?: AbortSignal): Promise<SigningKey> {
    const result = await this.#request(signal);
    expectSuccess(result);
    const data = result.data as { KeyId?: unknown; AccessKey?: unknown } | undefined;
    if (typeof data?.KeyId !== 'string' || typeof data.AccessKey !== 'string' || !data.AccessKey) {
      throw new RestError(
        'The service answered the access key request without KeyId and AccessKey',
        {
          code: RestError.PARSE_ERROR,
        },
      );
    }
    const value = { key: await importHmacKey(data.AccessKey), kid: data.KeyId };
    this.#current = { value, fetchedAt: Date.now() };
    return value;
  }
}
