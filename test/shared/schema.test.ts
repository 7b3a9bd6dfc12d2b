/**
 * The schema combinators every runtime shares: what each accepts, the exact message of each
 * refusal (the gateway's answers quote them), and the strict plain-object rules the channel
 * between the element and the card frame relies on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  boolean,
  flag,
  guard,
  isPlainObject,
  isRecord,
  mustBeTrue,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  SchemaError,
  string,
  tryParse,
  variant,
  type Schema,
} from '../../src/shared/schema.js';

describe('schema', () => {
  const shape = object({
    name: string({ max: 5 }),
    flag: optional(boolean()),
    inner: optional(object({ x: string() }, { strict: true })),
  });

  it('keeps only known keys (no prototype pollution)', () => {
    const parsed = shape.parse(JSON.parse('{"name":"abc","__proto__":{"polluted":true},"extra":1}'), '');
    assert.deepEqual(Object.keys(parsed), ['name']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('names nested fields in errors', () => {
    assert.throws(() => shape.parse({ name: 'abcdef' }, ''), new SchemaError('name must be at most 5 characters'));
    assert.throws(() => shape.parse({ name: 'a', flag: 'yes' }, ''), new SchemaError('flag must be true or false'));
    assert.throws(
      () => shape.parse({ name: 'a', inner: { x: 'y', z: 1 } }, ''),
      new SchemaError('inner.z is not allowed'),
    );
    assert.throws(() => shape.parse(null, ''), new SchemaError('request body must be a JSON object'));
    assert.deepEqual(shape.parse({ name: 'a', flag: 'false', inner: null }, ''), { name: 'a', flag: false });
  });
});

describe('refusal messages', () => {
  class Point {
    x = 1;
  }
  const cases: [string, Schema<unknown>, unknown, string][] = [
    ['string: not a string', string(), 5, 'f must be a string'],
    ['string: empty', string(), '', 'f must not be empty'],
    ['string: too short', string({ min: 3 }), 'ab', 'f must be at least 3 characters'],
    ['string: too long', string({ max: 2 }), 'abc', 'f must be at most 2 characters'],
    ['string: pattern', string({ pattern: /^\d+$/ }), 'x', 'f must match /^\\d+$/'],
    ['string: rule for the pattern', string({ pattern: /^\d+$/, rule: 'must be digits' }), 'x', 'f must be digits'],
    ['string: rule for the type', string({ pattern: /^\d+$/, rule: 'must be digits' }), 1, 'f must be digits'],
    ['oneOf: one value', oneOf(['CARD']), 'card', 'f must be "CARD"'],
    ['oneOf: several values', oneOf(['S', 'F', 'U']), 'X', 'f must be one of S, F, U'],
    ['oneOf: own rule', oneOf(['A', 'B'], 'must be A or B'), 'C', 'f must be A or B'],
    ['number: not a number', number(), '1', 'f must be a number'],
    ['number: not finite', number(), Infinity, 'f must be a number'],
    ['number: below min', number({ min: 1 }), 0, 'f must be at least 1'],
    ['number: at an exclusive min', number({ min: 0, exclusiveMin: true }), 0, 'f must be greater than 0'],
    ['number: above max', number({ max: 9 }), 10, 'f must be at most 9'],
    ['boolean', boolean(), 'yes', 'f must be true or false'],
    ['flag: a string is not a flag', flag(), 'true', 'f must be true or false'],
    ['mustBeTrue', mustBeTrue(), false, 'f must be true'],
    ['refine', refine(string(), (value) => value === 'ok', 'must be ok'), 'no', 'f must be ok'],
    ['guard', guard((value): value is 1 => value === 1, 'must be one'), 2, 'f must be one'],
    ['object: not an object', object({}), [], 'f must be an object'],
    ['object: own rule', object({}, { rule: 'must be { a }' }), 'a', 'f must be { a }'],
    ['object: missing field', object({ a: string() }), {}, 'f.a is required'],
    ['object: null field', object({ a: string() }), { a: null }, 'f.a is required'],
    ['object: unknown key', object({}, { strict: true }), { b: 1 }, 'f.b is not allowed'],
    [
      'object: own unknown-key rule',
      object({}, { strict: true, unknownRule: 'is not a field' }),
      { b: 1 },
      'f.b is not a field',
    ],
    ['array: not an array', array(string(), 2), {}, 'f must be an array'],
    ['array: too long', array(string(), 2), ['a', 'b', 'c'], 'f must have at most 2 items'],
    ['array: a bad item', array(string(), 2), ['a', 1], 'f[1] must be a string'],
    ['variant: unknown tag', variant('type', { a: {} }), { type: 'b' }, 'f.type must be "a"'],
    ['variant: extra key', variant('type', { a: {} }), { type: 'a', x: 1 }, 'f.x is not allowed'],
    [
      'variant: a class instance',
      variant('type', { a: {} }),
      Object.assign(new Point(), { type: 'a' }),
      'f must be an object',
    ],
  ];
  for (const [name, schema, input, message] of cases) {
    it(name, () => assert.throws(() => schema.parse(input, 'f'), new SchemaError(message)));
  }

  it('calls the whole input "request body" and a JSON object', () => {
    assert.throws(() => string().parse(1, ''), new SchemaError('request body must be a string'));
    assert.throws(() => object({}).parse('x', ''), new SchemaError('request body must be a JSON object'));
  });
});

describe('plain objects', () => {
  const withSymbol = { a: 'x', [Symbol('s')]: 1 };
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 'x' });
  const inherited = Object.assign(Object.create({ inherited: 1 }) as Record<string, unknown>, { a: 'x' });
  const instance = new (class Message {
    a = 'x';
  })();
  const rows: [string, unknown, { record: boolean; plain: boolean; strict: boolean; loose: boolean }][] = [
    ['an object literal', { a: 'x' }, { record: true, plain: true, strict: true, loose: true }],
    ['parsed JSON', JSON.parse('{"a":"x"}'), { record: true, plain: true, strict: true, loose: true }],
    ['a null-prototype object', nullProto, { record: true, plain: true, strict: true, loose: true }],
    ['an unknown key', { a: 'x', b: 1 }, { record: true, plain: true, strict: false, loose: true }],
    [
      'a JSON __proto__ key',
      JSON.parse('{"a":"x","__proto__":{"p":1}}'),
      { record: true, plain: true, strict: false, loose: true },
    ],
    ['a symbol key', withSymbol, { record: true, plain: false, strict: false, loose: true }],
    ['another prototype', inherited, { record: true, plain: false, strict: false, loose: true }],
    ['a class instance', instance, { record: true, plain: false, strict: false, loose: true }],
    ['a missing key', {}, { record: true, plain: true, strict: false, loose: false }],
    ['an array', ['x'], { record: false, plain: false, strict: false, loose: false }],
    ['null', null, { record: false, plain: false, strict: false, loose: false }],
    ['a string', 'a', { record: false, plain: false, strict: false, loose: false }],
    ['a function', () => 'x', { record: false, plain: false, strict: false, loose: false }],
  ];
  const strict = object({ a: string() }, { strict: true });
  const loose = object({ a: string() });
  for (const [name, value, expected] of rows) {
    it(name, () => {
      assert.equal(isRecord(value), expected.record, 'isRecord');
      assert.equal(isPlainObject(value), expected.plain, 'isPlainObject');
      assert.deepEqual(tryParse(strict, value), expected.strict ? { a: 'x' } : undefined, 'strict object');
      assert.deepEqual(tryParse(loose, value), expected.loose ? { a: 'x' } : undefined, 'object');
    });
  }

  it('reads own keys only, so an inherited value never fills a field', () => {
    const schema = object({ a: optional(string()) });
    assert.deepEqual(schema.parse(Object.create({ a: 'inherited' }) as object, ''), {});
  });
});

describe('absent, null and the rest', () => {
  it('optional reads null as absent unless told to refuse it', () => {
    const loose = object({ a: optional(string()) });
    const refusing = object({ a: optional(string(), { refuseNull: true }) });
    assert.deepEqual(loose.parse({ a: null }, ''), {});
    assert.deepEqual(refusing.parse({}, ''), {});
    assert.deepEqual(refusing.parse({ a: undefined }, ''), {});
    assert.throws(() => refusing.parse({ a: null }, ''), new SchemaError('a must be a string'));
  });

  it('nullable keeps null but still needs the key', () => {
    const schema = object({ a: nullable(string()) }, { strict: true });
    assert.deepEqual(schema.parse({ a: null }, ''), { a: null });
    assert.deepEqual(schema.parse({ a: 'x' }, ''), { a: 'x' });
    assert.throws(() => schema.parse({}, ''), SchemaError);
  });

  it('variant picks the shape by its tag and gives the tag back', () => {
    const schema = variant('kind', { dot: { x: number() }, none: {} });
    assert.deepEqual(schema.parse({ kind: 'dot', x: 1 }, ''), { kind: 'dot', x: 1 });
    assert.deepEqual(schema.parse({ kind: 'none' }, ''), { kind: 'none' });
    assert.throws(() => schema.parse({ kind: 'none', x: 1 }, ''), new SchemaError('x is not allowed'));
    assert.throws(() => schema.parse({ kind: 'toString' }, ''), new SchemaError('kind must be one of dot, none'));
  });

  it('tryParse gives undefined instead of throwing, whatever throws', () => {
    const getter = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const schema = object({ a: string() }, { strict: true });
    assert.equal(tryParse(schema, getter), undefined);
    assert.equal(tryParse(schema, proxy), undefined);
    assert.deepEqual(tryParse(schema, { a: 'x' }), { a: 'x' });
  });
});
