// The REST calls SignalRServiceClient makes for the operations both API versions have. One object per
// version implements them (v1-calls.ts, current-calls.ts), so each method validates its input once and
// then calls whichever API the client was built for. Inputs arrive already checked.
import type { SignalRApiVersion } from './client-options.js';

export interface SignalRApi {
  readonly version: SignalRApiVersion;
  /**
   * Whether group names must not be blank where the API's spec says so (the current API on most group
   * operations); v1 accepts any 1–1024 characters.
   */
  readonly strictGroups: boolean;
  /** The PayloadMessage JSON in this version's casing, serialized once so fan-out sends reuse it. */
  payload(target: string, args: readonly unknown[]): string;
  broadcast(body: string, excluded: string[] | undefined, signal?: AbortSignal): Promise<void>;
  sendToUser(userId: string, body: string, signal?: AbortSignal): Promise<void>;
  sendToConnection(connectionId: string, body: string, signal?: AbortSignal): Promise<void>;
  sendToGroup(
    group: string,
    body: string,
    excluded: string[] | undefined,
    signal?: AbortSignal,
  ): Promise<void>;
  connectionExists(connectionId: string, signal?: AbortSignal): Promise<boolean>;
  groupExists(group: string, signal?: AbortSignal): Promise<boolean>;
  userExists(userId: string, signal?: AbortSignal): Promise<boolean>;
  userInGroup(userId: string, group: string, signal?: AbortSignal): Promise<boolean>;
  closeConnection(
    connectionId: string,
    reason: string | undefined,
    signal?: AbortSignal,
  ): Promise<void>;
  addConnectionToGroup(connectionId: string, group: string, signal?: AbortSignal): Promise<void>;
  removeConnectionFromGroup(
    connectionId: string,
    group: string,
    signal?: AbortSignal,
  ): Promise<void>;
  addUserToGroup(
    userId: string,
    group: string,
    ttlSeconds: number | undefined,
    signal?: AbortSignal,
  ): Promise<void>;
  removeUserFromGroup(userId: string, group: string, signal?: AbortSignal): Promise<void>;
  removeUserFromAllGroups(userId: string, signal?: AbortSignal): Promise<void>;
  /** Whether the health probe answered 2xx (false when unreachable). */
  isHealthy(signal?: AbortSignal): Promise<boolean>;
  /** `{KeyId, AccessKey}` for signing client tokens with an Entra ID credential. */
  accessKey(signal?: AbortSignal): Promise<{ data?: unknown; response?: Response }>;
}
