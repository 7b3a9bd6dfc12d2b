/**
 * The one way this project checks untrusted input: small declarative schemas, shared by the
 * gateway's handlers, the element <-> frame channel, the Node client and the demo shop. Parsing
 * returns a value built from the known keys only (so `__proto__` and friends never reach the
 * caller) or throws a `SchemaError` whose message names the field, e.g.
 * `paymentAmount.value must be a positive integer string`; `tryParse` turns that into `undefined`.
 *
 * Pure code that ships in the card frame, which has a hard size budget: messages are built from
 * short shared parts, every refusal goes through `fail`, and each combinator is marked free of side
 * effects so that a bundle keeps only the schemas it parses with.
 */

/** A value that does not fit its schema; `message` names the field and the rule. */
export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

/** Parses one value at a path (`''` for the whole input, else e.g. `card.expiryMonth`). */
export interface Schema<T> {
  /** Whether `object` hands an absent or `null` field to `parse` instead of refusing it as required. */
  readonly optional: boolean;
  /** Returns the value or throws `SchemaError`. */
  parse(value: unknown, path: string): T;
}

/** The type a schema produces: `Infer<Schema<T>>` is `T`, so a body's type follows from its schema. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

function fail(path: string, rule: string): never {
  throw new SchemaError(`${path || 'request body'} ${rule}`);
}

const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(parse: (value: unknown, path: string) => T): Schema<T> => ({
  optional: false,
  parse,
});

const TRUE_OR_FALSE = 'must be true or false';

/** An object that is not an array: what `JSON.parse` gives for `{...}`, or any class instance. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record whose prototype is `Object.prototype` or `null` and which has no symbol keys: plain data. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** Parses `value` from the top: the parsed value, or `undefined` when the schema (or anything else) throws. */
export function tryParse<T>(of: Schema<T>, value: unknown): T | undefined {
  try {
    return of.parse(value, '');
  } catch {
    return undefined;
  }
}

/** How `optional` treats `null`. */
export interface OptionalRules {
  /** Hand `null` to the inner schema instead of treating it as absent (Antom treats `null` as absent). */
  refuseNull?: boolean;
}

/** Marks a field optional: absent (or `null`, unless `refuseNull`) gives `undefined`. */
export /* @__NO_SIDE_EFFECTS__ */ function optional<T>(
  inner: Schema<T>,
  rules: OptionalRules = {},
): Schema<T | undefined> {
  return {
    optional: true,
    parse: (value, path) =>
      value === undefined || (value === null && !rules.refuseNull) ? undefined : inner.parse(value, path),
  };
}

/** A field that must be present but may be `null`, which it keeps. */
export /* @__NO_SIDE_EFFECTS__ */ function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { optional: true, parse: (value, path) => (value === null ? null : inner.parse(value, path)) };
}

/** Length and pattern rules of `string`, and the rule its errors state. */
export interface StringRules {
  /** Minimum length (default 1). */
  min?: number;
  /** Maximum length in UTF-16 code units (`String.length`); no limit by default. */
  max?: number;
  /** Pattern the whole value must match. */
  pattern?: RegExp;
  /** Rule stated in errors when the value is not a string or misses the pattern, e.g. `must be a positive integer string`. */
  rule?: string;
}

/** A string with length and pattern rules. */
export /* @__NO_SIDE_EFFECTS__ */ function string({
  min = 1,
  max = Infinity,
  pattern,
  rule,
}: StringRules = {}): Schema<string> {
  return schema((value, path) => {
    if (typeof value !== 'string') fail(path, rule ?? 'must be a string');
    if (value.length < min) fail(path, min > 1 ? `must be at least ${min} characters` : 'must not be empty');
    if (value.length > max) fail(path, `must be at most ${max} characters`);
    if (pattern && !pattern.test(value)) fail(path, rule ?? `must match ${pattern}`);
    return value;
  });
}

/** One of a fixed set of strings (or numbers); `rule` replaces the stated list in errors. */
export /* @__NO_SIDE_EFFECTS__ */ function oneOf<const T extends string | number>(
  values: readonly T[],
  rule?: string,
): Schema<T> {
  return schema((value, path) =>
    (values as readonly unknown[]).includes(value)
      ? (value as T)
      : fail(path, rule ?? `must be ${values.length > 1 ? `one of ${values.join(', ')}` : `"${values[0]}"`}`),
  );
}

/** Bounds of `number`; without them any finite number passes. */
export interface NumberRules {
  /** Smallest allowed value (exclusive when `exclusiveMin`). */
  min?: number;
  /** Whether `min` itself is refused. */
  exclusiveMin?: boolean;
  /** Largest allowed value, inclusive. */
  max?: number;
}

/** A finite JSON number within bounds (the sandbox's admin endpoints; Antom's fields are strings). */
export /* @__NO_SIDE_EFFECTS__ */ function number({
  min = -Infinity,
  exclusiveMin,
  max = Infinity,
}: NumberRules = {}): Schema<number> {
  return schema((value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a number');
    if (exclusiveMin ? value <= min : value < min)
      fail(path, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`);
    if (value > max) fail(path, `must be at most ${max}`);
    return value;
  });
}

/** Antom's boolean: JSON `true`/`false` or the strings `"true"`/`"false"`. */
export /* @__NO_SIDE_EFFECTS__ */ function boolean(): Schema<boolean> {
  return schema((value, path) =>
    value === true || value === 'true'
      ? true
      : value === false || value === 'false'
        ? false
        : fail(path, TRUE_OR_FALSE),
  );
}

/** A JSON boolean only (the SDK endpoints and the channel; Antom's fields use `boolean`). */
export /* @__NO_SIDE_EFFECTS__ */ function flag(): Schema<boolean> {
  return schema((value, path) => (typeof value === 'boolean' ? value : fail(path, TRUE_OR_FALSE)));
}

/** A boolean that must be true (`true` or `"true"`). */
export /* @__NO_SIDE_EFFECTS__ */ function mustBeTrue(): Schema<true> {
  return schema((value, path) => (value === true || value === 'true' ? true : fail(path, 'must be true')));
}

/** Adds a rule to a schema, checked on the value it parsed. */
export /* @__NO_SIDE_EFFECTS__ */ function refine<T>(
  inner: Schema<T>,
  test: (value: T) => boolean,
  rule: string,
): Schema<T> {
  return {
    optional: inner.optional,
    parse(value, path) {
      const parsed = inner.parse(value, path);
      return test(parsed) ? parsed : fail(path, rule);
    },
  };
}

/** A value a type guard accepts, passed on as it is (for checks no combinator expresses). */
export /* @__NO_SIDE_EFFECTS__ */ function guard<T>(test: (value: unknown) => value is T, rule: string): Schema<T> {
  return schema((value, path) => (test(value) ? value : fail(path, rule)));
}

/** How strict `object` is, and the rules its errors state. */
export interface ObjectRules {
  /**
   * Accept plain objects only (`isPlainObject`) and refuse keys the shape does not name: the SDK
   * endpoints and the channel. Antom's Open API ignores unknown keys.
   */
  strict?: boolean;
  /** Rule stated when the value is not an object (default `must be an object`, `must be a JSON object` at the top). */
  rule?: string;
  /** Rule stated after an unknown key of a strict object (default `is not allowed`). */
  unknownRule?: string;
}

/** An object with the given fields; the result holds only those fields, and none whose value is absent. */
export /* @__NO_SIDE_EFFECTS__ */ function object<S extends Record<string, Schema<unknown>>>(
  shape: S,
  { strict, rule, unknownRule = 'is not allowed' }: ObjectRules = {},
): Schema<{ [K in keyof S]: Infer<S[K]> }> {
  const keys = Object.keys(shape);
  return schema((value, path) => {
    if (!(strict ? isPlainObject : isRecord)(value)) {
      fail(path, rule ?? `must be ${path ? 'an object' : 'a JSON object'}`);
    }
    if (strict) for (const key of Object.keys(value)) if (!keys.includes(key)) fail(at(path, key), unknownRule);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const field = shape[key]!;
      const where = at(path, key);
      const raw = Object.hasOwn(value, key) ? value[key] : undefined;
      if ((raw === undefined || raw === null) && !field.optional) fail(where, 'is required');
      const parsed = field.parse(raw, where);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as { [K in keyof S]: Infer<S[K]> };
  });
}

/** An array of items, at most `max` long. */
export /* @__NO_SIDE_EFFECTS__ */ function array<T>(item: Schema<T>, max: number): Schema<T[]> {
  return schema((value, path) => {
    if (!Array.isArray(value)) fail(path, 'must be an array');
    if (value.length > max) fail(path, `must have at most ${max} items`);
    return value.map((entry, index) => item.parse(entry, `${path}[${index}]`));
  });
}

/** The type `variant` produces: one object type per tag, the tag under `K`. */
export type Variants<K extends string, S extends Record<string, Record<string, Schema<unknown>>>> = {
  [T in keyof S & string]: { [P in K]: T } & { [F in keyof S[T]]: Infer<S[T][F]> };
}[keyof S & string];

/**
 * A tagged union of strict objects (such as the channel's messages, by `type`): the string at
 * `key` picks the shape, and the object must then have exactly that tag and that shape's fields.
 */
export /* @__NO_SIDE_EFFECTS__ */ function variant<
  K extends string,
  S extends Record<string, Record<string, Schema<unknown>>>,
>(key: K, shapes: S): Schema<Variants<K, S>> {
  const tags = Object.keys(shapes);
  const tag = oneOf(tags);
  const objects = Object.fromEntries(
    tags.map((name) => [name, object({ [key]: oneOf([name]), ...shapes[name] }, { strict: true })]),
  );
  return schema((value, path) => {
    const chosen = tag.parse(isRecord(value) ? value[key] : undefined, at(path, key));
    return objects[chosen]!.parse(value, path) as Variants<K, S>;
  });
}
