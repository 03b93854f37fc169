// Validates request parameters and JSON bodies against the schemas in the generated route table:
// type (string, integer, number, boolean, array, object), pattern, minLength, maxLength, minimum,
// maximum, enum, required, additionalProperties and oneOf. One validator for every operation.
import type { ParameterSpec, RouteSpec, Schema } from './route-spec.js';

export type ParamValue = string | number | boolean | string[] | number[] | undefined;

export class ValidationError extends Error {
  constructor(
    message: string,
    readonly target: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** Raw inputs of a request, before any schema is applied. */
export interface RawParameters {
  readonly path: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Returns each declared parameter converted to its schema type; throws ValidationError. */
export function validateParameters(
  route: RouteSpec,
  raw: RawParameters,
): Record<string, ParamValue> {
  const values: Record<string, ParamValue> = {};
  for (const param of route.parameters) {
    values[param.name] = validateParameter(param, readRaw(param, raw));
  }
  return values;
}

function readRaw(param: ParameterSpec, raw: RawParameters): string[] {
  switch (param.in) {
    case 'path': {
      const value = raw.path[param.name];
      return value === undefined ? [] : [value];
    }
    case 'query':
      return raw.query.getAll(param.name);
    case 'header': {
      const value = raw.headers[param.name.toLowerCase()];
      if (value === undefined) return [];
      return Array.isArray(value) ? value : [value];
    }
    default:
      return [];
  }
}

function validateParameter(param: ParameterSpec, values: string[]): ParamValue {
  const { name, schema } = param;
  if (values.length === 0) {
    if (schema.default !== undefined) return schema.default as ParamValue;
    if (param.required) throw new ValidationError(`The parameter '${name}' is required.`, name);
    return undefined;
  }
  if (schema.type === 'array') {
    const items = schema.items ?? {};
    return values.map((v) => convertScalar(v, items, name)) as string[] | number[];
  }
  if (values.length > 1) {
    throw new ValidationError(`The parameter '${name}' must be given once.`, name);
  }
  return convertScalar(values[0] ?? '', schema, name);
}

function convertScalar(text: string, schema: Schema, name: string): string | number | boolean {
  let value: string | number | boolean = text;
  if (schema.type === 'integer' || schema.type === 'number') {
    const pattern =
      schema.type === 'integer' ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
    const parsed = Number(text);
    if (!pattern.test(text.trim()) || !Number.isFinite(parsed)) {
      throw new ValidationError(`The parameter '${name}' must be ${article(schema.type)}.`, name);
    }
    value = parsed;
  } else if (schema.type === 'boolean') {
    if (text !== 'true' && text !== 'false') {
      throw new ValidationError(`The parameter '${name}' must be true or false.`, name);
    }
    value = text === 'true';
  }
  const problem = checkValue(value, schema, name);
  if (problem) throw new ValidationError(problem, name);
  return value;
}

function article(type: string): string {
  return type === 'integer' ? 'an integer' : 'a number';
}

/** Checks a JSON value against a schema; returns the first problem as a sentence, or null. */
export function checkValue(value: unknown, schema: Schema, name: string): string | null {
  if (schema.oneOf) return checkOneOf(value, schema.oneOf, name);
  const typeProblem = checkType(value, schema, name);
  if (typeProblem) return typeProblem;
  if (schema.enum && !schema.enum.includes(value)) {
    return `The parameter '${name}' must be one of ${schema.enum.map((e) => `'${String(e)}'`).join(', ')}.`;
  }
  if (typeof value === 'string') return checkString(value, schema, name);
  if (typeof value === 'number') return checkNumber(value, schema, name);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = checkValue(item, schema.items ?? {}, `${name}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') return checkObject(value, schema, name);
  return null;
}

/** The one-value enum properties that tell a union's variants apart (`type` of SignalR's commands). */
function tagsOf(variant: Schema): [string, unknown][] {
  return Object.entries(variant.properties ?? {})
    .filter(([, p]) => p.enum?.length === 1)
    .map(([key, p]) => [key, p.enum?.[0]]);
}

function checkOneOf(value: unknown, variants: readonly Schema[], name: string): string | null {
  const problems = variants.map((variant) => checkValue(value, variant, name));
  const matches = problems.filter((p) => p === null).length;
  if (matches === 1) return null;
  if (matches > 1) return `The parameter '${name}' matches more than one of its forms.`;
  // Explain against the variant the value says it is; else say which tags exist.
  const record = (value ?? {}) as Record<string, unknown>;
  const claimed = variants.findIndex((v) => tagsOf(v).some(([key, tag]) => record[key] === tag));
  if (claimed >= 0) return problems[claimed] ?? null;
  const [key] = tagsOf(variants[0] ?? {})[0] ?? [];
  if (key === undefined) return `The parameter '${name}' matches none of its forms.`;
  const tags = variants.flatMap((v) =>
    tagsOf(v)
      .filter(([k]) => k === key)
      .map(([, t]) => `'${String(t)}'`),
  );
  return `The parameter '${name}.${key}' must be one of ${tags.join(', ')}.`;
}

/**
 * The value with its object keys renamed to the schema's spelling where they differ only in case, as
 * ASP.NET Core binds JSON bodies (the SignalR services accept `Target` for `target`).
 */
export function canonicalKeys(value: unknown, schema: Schema): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalKeys(item, schema.items ?? {}));
  if (value === null || typeof value !== 'object') return value;
  const properties = new Map<string, [string, Schema]>();
  for (const variant of [schema, ...(schema.oneOf ?? [])]) {
    for (const [key, property] of Object.entries(variant.properties ?? {})) {
      if (!properties.has(key.toLowerCase())) properties.set(key.toLowerCase(), [key, property]);
    }
  }
  if (properties.size === 0) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const known = properties.get(key.toLowerCase());
    const canonical = known ? known[0] : key;
    // When both spellings are present, the exact one wins.
    if (canonical in out && key !== canonical) continue;
    out[canonical] = known ? canonicalKeys(item, known[1]) : item;
  }
  return out;
}

function checkType(value: unknown, schema: Schema, name: string): string | null {
  const ok: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    number: (v) => typeof v === 'number',
    boolean: (v) => typeof v === 'boolean',
    array: Array.isArray,
    object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  };
  const test = schema.type ? ok[schema.type] : undefined;
  if (test && !test(value)) return `The parameter '${name}' must be of type ${schema.type}.`;
  return null;
}

function checkString(value: string, schema: Schema, name: string): string | null {
  // JSON Schema counts code points, not UTF-16 units.
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    return `The parameter '${name}' must be at least ${schema.minLength} characters long.`;
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return `The parameter '${name}' must be at most ${schema.maxLength} characters long.`;
  }
  if (schema.pattern !== undefined && !compiled(schema.pattern).test(value)) {
    return `The parameter '${name}' does not match the pattern ${schema.pattern}.`;
  }
  return null;
}

function checkNumber(value: number, schema: Schema, name: string): string | null {
  if (schema.minimum !== undefined && value < schema.minimum) {
    return `The parameter '${name}' must be at least ${schema.minimum}.`;
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    return `The parameter '${name}' must be at most ${schema.maximum}.`;
  }
  return null;
}

function checkObject(value: object, schema: Schema, name: string): string | null {
  const record = value as Record<string, unknown>;
  for (const key of schema.required ?? []) {
    if (!(key in record)) return `The property '${name}.${key}' is required.`;
  }
  for (const [key, item] of Object.entries(record)) {
    const propertySchema = schema.properties?.[key];
    if (propertySchema) {
      const problem = checkValue(item, propertySchema, `${name}.${key}`);
      if (problem) return problem;
    } else if (schema.additionalProperties === false) {
      return `The property '${name}.${key}' is not allowed.`;
    }
  }
  return null;
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    // Spec patterns are ECMA-262 compatible; `u` makes `.` match whole code points.
    re = new RegExp(pattern, 'u');
    patterns.set(pattern, re);
  }
  return re;
}
