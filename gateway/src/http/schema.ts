/**
 * A small declarative schema for request bodies. Parsing either returns a typed value built from
 * the known keys only (so `__proto__` and friends never reach the engine) or throws a
 * `SchemaError` whose message names the field, e.g. `paymentAmount.value must be a positive integer string`.
 */

/** A request body that does not fit its schema. */
export class SchemaError extends Error {
  /** `message` names the field and the rule. */
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

/** Parses one value at a path. */
export interface Schema<T> {
  /** Whether the field may be absent (or `null`). */
  readonly optional: boolean;
  /** Returns the value or throws `SchemaError`. */
  parse(value: unknown, path: string): T;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

const schema = <T>(parse: (value: unknown, path: string) => T): Schema<T> => ({ optional: false, parse });

const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

const describe = (path: string): string => path || 'request body';

/** Marks a field optional: absent or `null` gives `undefined`. */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    optional: true,
    parse: (value, path) => (value === undefined || value === null ? undefined : inner.parse(value, path)),
  };
}

/** Options of `string`. */
export interface StringRules {
  /** Minimum length (default 1). */
  min?: number;
  /** Maximum length. */
  max?: number;
  /** Pattern the whole value must match. */
  pattern?: RegExp;
  /** Rule stated in errors when the value is not a string or misses the pattern, e.g. `must be a positive integer string`. */
  rule?: string;
}

/** A string with length and pattern rules. */
export function string(rules: StringRules = {}): Schema<string> {
  const min = rules.min ?? 1;
  return schema((value, path) => {
    if (typeof value !== 'string') throw new SchemaError(`${describe(path)} ${rules.rule ?? 'must be a string'}`);
    if (value.length < min) {
      throw new SchemaError(
        min === 1 ? `${describe(path)} must not be empty` : `${describe(path)} must be at least ${min} characters`,
      );
    }
    if (rules.max !== undefined && value.length > rules.max) {
      throw new SchemaError(`${describe(path)} must be at most ${rules.max} characters`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      throw new SchemaError(`${describe(path)} ${rules.rule ?? `must match ${String(rules.pattern)}`}`);
    }
    return value;
  });
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return schema((value, path) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new SchemaError(
        `${describe(path)} must be ${values.length === 1 ? `"${values[0]}"` : `one of ${values.join(', ')}`}`,
      );
    }
    return value as T;
  });
}

/** Options of `number`. */
export interface NumberRules {
  /** Smallest allowed value (exclusive when `exclusiveMin`). */
  min?: number;
  /** Whether `min` itself is refused. */
  exclusiveMin?: boolean;
  /** Largest allowed value. */
  max?: number;
}

/** A finite JSON number within bounds (the sandbox's admin endpoints; Antom's fields are strings). */
export function number(rules: NumberRules = {}): Schema<number> {
  return schema((value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new SchemaError(`${describe(path)} must be a number`);
    if (rules.min !== undefined && (rules.exclusiveMin ? value <= rules.min : value < rules.min)) {
      throw new SchemaError(
        `${describe(path)} must be ${rules.exclusiveMin ? 'greater than' : 'at least'} ${rules.min}`,
      );
    }
    if (rules.max !== undefined && value > rules.max) {
      throw new SchemaError(`${describe(path)} must be at most ${rules.max}`);
    }
    return value;
  });
}

/** Antom's boolean: JSON `true`/`false` or the strings `"true"`/`"false"`. */
export function boolean(): Schema<boolean> {
  return schema((value, path) => {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new SchemaError(`${describe(path)} must be true or false`);
  });
}

/** A JSON boolean only (the SDK endpoints, which the frame alone calls; Antom's fields use `boolean`). */
export function flag(): Schema<boolean> {
  return schema((value, path) => {
    if (typeof value !== 'boolean') throw new SchemaError(`${describe(path)} must be true or false`);
    return value;
  });
}

/** A boolean that must be true (`true` or `"true"`). */
export function mustBeTrue(): Schema<true> {
  return schema((value, path) => {
    if (value === true || value === 'true') return true;
    throw new SchemaError(`${describe(path)} must be true`);
  });
}

/** Adds a rule to a schema. */
export function refine<T>(inner: Schema<T>, test: (value: T) => boolean, rule: string): Schema<T> {
  return {
    optional: inner.optional,
    parse(value, path) {
      const parsed = inner.parse(value, path);
      if (!test(parsed)) throw new SchemaError(`${describe(path)} ${rule}`);
      return parsed;
    },
  };
}

/** Options of `object`. */
export interface ObjectRules {
  /** Refuse keys the shape does not name (the SDK endpoints); Antom's Open API ignores them. */
  strict?: boolean;
}

/** An object with the given fields; the result holds only those fields. */
export function object<S extends Record<string, Schema<unknown>>>(
  shape: S,
  rules: ObjectRules = {},
): Schema<{ [K in keyof S]: Infer<S[K]> }> {
  return schema((value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SchemaError(`${describe(path)} must be ${path ? 'an object' : 'a JSON object'}`);
    }
    const record = value as Record<string, unknown>;
    if (rules.strict) {
      for (const key of Object.keys(record)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key))
          throw new SchemaError(`${childPath(path, key)} is not allowed`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const field = shape[key]!;
      const raw = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
      if (!field.optional && (raw === undefined || raw === null))
        throw new SchemaError(`${childPath(path, key)} is required`);
      const parsed = field.parse(raw, childPath(path, key));
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as { [K in keyof S]: Infer<S[K]> };
  });
}

/** An array of items, at most `max` long. */
export function array<T>(item: Schema<T>, max: number): Schema<T[]> {
  return schema((value, path) => {
    if (!Array.isArray(value)) throw new SchemaError(`${describe(path)} must be an array`);
    if (value.length > max) throw new SchemaError(`${describe(path)} must have at most ${max} items`);
    return value.map((entry, index) => item.parse(entry, `${path}[${index}]`));
  });
}
