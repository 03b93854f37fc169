// The REST calls SignalRServiceClient makes for the operations both API versions have. One object per
// version implements them (v1-calls.ts, current-calls.ts), so each method validates its input once and
// then calls whichever API the client was built for. Inputs arrive already checked.
import type { OperationOptions } from '../operation-options.js';
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
  broadcast(
    body: string,
    excluded: string[] | undefined,
    options?: OperationOptions,
  ): Promise<void>;
  sendToUser(userId: string, body: string, options?: OperationOptions): Promise<void>;
  sendToConnection(connectionId: string, body: string, options?: OperationOptions): Promise<void>;
  sendToGroup(
    group: string,
    body: string,
    excluded: string[] | undefined,
    options?: OperationOptions,
  ): Promise<void>;
  connectionExists(connectionId: string, options?: OperationOptions): Promise<boolean>;
  groupExists(group: string, options?: OperationOptions): Promise<boolean>;
  userExists(userId: string, options?: OperationOptions): Promise<boolean>;
  userInGroup(userId: string, group: string, options?: OperationOptions): Promise<boolean>;
  closeConnection(
    connectionId: string,
    reason: string | undefined,
    options?: OperationOptions,
  ): Promise<void>;
  addConnectionToGroup(
    connectionId: string,
    group: string,
    options?: OperationOptions,
  ): Promise<void>;
  removeConnectionFromGroup(
    connectionId: string,
    group: string,
    options?: OperationOptions,
  ): Promise<void>;
  addUserToGroup(
    userId: string,
    group: string,
    ttlSeconds: number | undefined,
    options?: OperationOptions,
  ): Promise<void>;
  removeUserFromGroup(userId: string, group: string, options?: OperationOptions): Promise<void>;
  removeUserFromAllGroups(userId: string, options?: OperationOptions): Promise<void>;
  /** Whether the health probe answered 2xx (false when unreachable). */
  isHealthy(options?: OperationOptions): Promise<boolean>;
  /** `{KeyId, AccessKey}` for signing client tokens with an Entra ID credential. */
  accessKey(options?: OperationOptions): Promise<{ data?: unknown; response?: Response }>;
}
