// Shapes of the generated route table (src/generated/routes.gen.ts). The table is `as const` data, so
// these structural types let the router and validator read it without a second list of routes.

/** The subset of JSON Schema the specs use for parameters and bodies. */
export interface Schema {
  readonly type?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly items?: Schema;
  readonly properties?: { readonly [name: string]: Schema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  /** The value matches exactly one of these (a union such as SignalR's commands). */
  readonly oneOf?: readonly Schema[];
}

export interface ParameterSpec {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface RequestBodySpec {
  readonly required: boolean;
  readonly contentTypes: readonly string[];
  readonly schemas: { readonly [contentType: string]: Schema };
}

export interface RouteSpec {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody: RequestBodySpec | null;
  readonly successStatuses: readonly number[];
}
