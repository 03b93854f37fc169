// Typed hubs: `SignalRServiceClient<Hub>` checks each client method's name and arguments, as .NET's
// strongly typed hubs (`Hub<IChatClient>`) do. `Hub` maps each target either to its argument tuple
// (`{ newMessage: [user: string, text: string] }`) or to a function type
// (`{ newMessage(user: string, text: string): void }`); a client without one takes any target.

/** What a hub type may map each target to: an argument tuple or a function type. */
export type SignalRHubMethods<Hub> = {
  [T in keyof Hub]: readonly unknown[] | ((...args: never[]) => unknown);
};

/** The hub of a client without a type argument: any target, any arguments. */
export type UntypedHub = Record<string, unknown[]>;

/** A target (client method name) of `Hub`. */
export type HubTarget<Hub> = keyof Hub & string;

/** The argument tuple of a hub method: its parameters, or the tuple itself. */
export type ArgumentsOf<Method> = Method extends (...args: infer A) => unknown
  ? A
  : Method extends readonly unknown[]
    ? Method
    : never;

/** The argument tuple of target `T` (of any of them, when `T` is a union). */
export type HubArguments<Hub, T extends keyof Hub> = ArgumentsOf<Hub[T]>;

/**
 * The parameters after the target: `args` may be left out when the target takes no arguments (or,
 * untyped, any), and is required otherwise; `options` always may.
 */
export type SendArguments<Hub, T extends keyof Hub, O> =
  [] extends HubArguments<Hub, T>
    ? [args?: HubArguments<Hub, T>, options?: O]
    : [args: HubArguments<Hub, T>, options?: O];

/** `target(...args)` of some target, for the commands of `execute`. */
export type HubMessage<Hub> = {
  [T in HubTarget<Hub>]: [] extends HubArguments<Hub, T>
    ? {
        /** The client-side method to call. */
        target: T;
        /** Its arguments; default none. */
        arguments?: HubArguments<Hub, T>;
      }
    : {
        /** The client-side method to call. */
        target: T;
        /** Its arguments. */
        arguments: HubArguments<Hub, T>;
      };
}[HubTarget<Hub>];
