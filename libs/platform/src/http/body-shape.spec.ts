import { ValidationFailedError } from '../errors/domain-error';
import {
  bodyShapeProblem,
  MAX_ARRAY_ITEMS,
  MAX_BODY_DEPTH,
  MAX_BODY_VALUES,
  MAX_OBJECT_KEYS,
  refuseCostlyBody,
} from './body-shape';

const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
const objectWithKeys = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 1]));

describe('bodyShapeProblem', () => {
  it('accepts primitives, flat and moderately nested bodies', () => {
    expect(bodyShapeProblem(null)).toBeNull();
    expect(bodyShapeProblem('text')).toBeNull();
    expect(bodyShapeProblem({ a: { b: { c: [1, 2, { d: true }] } } })).toBeNull();
    expect(bodyShapeProblem(nestedArrays(MAX_BODY_DEPTH))).toBeNull();
    expect(bodyShapeProblem(objectWithKeys(MAX_OBJECT_KEYS))).toBeNull();
    expect(bodyShapeProblem({ list: new Array(MAX_ARRAY_ITEMS).fill('x') })).toBeNull();
  });

  it('flags a body one level deeper than the limit', () => {
    expect(bodyShapeProblem(nestedArrays(MAX_BODY_DEPTH + 1))?.message).toMatch(/nested deeper/);
  });

  it('walks a 100,000-level body without overflowing the stack', () => {
    expect(bodyShapeProblem(nestedArrays(100_000))).not.toBeNull();
  });

  it('flags an object with more keys than any DTO has, naming where', () => {
    expect(bodyShapeProblem(objectWithKeys(MAX_OBJECT_KEYS + 1))).toEqual({
      field: '',
      message: `the body has more than ${MAX_OBJECT_KEYS} fields; at most ${MAX_OBJECT_KEYS} are accepted`,
    });
    expect(bodyShapeProblem({ subject: objectWithKeys(50_000) })?.field).toBe('subject');
  });

  it('flags an array longer than the limit without walking it', () => {
    expect(bodyShapeProblem({ concernTypes: new Array(80_000).fill({}) })).toEqual({
      field: 'concernTypes',
      message: `concernTypes has more than ${MAX_ARRAY_ITEMS} items; at most ${MAX_ARRAY_ITEMS} are accepted`,
    });
  });

  it('flags a body with more values in total than the limit, however they are spread', () => {
    const spread = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `o${i}`,
        Object.fromEntries(Array.from({ length: 60 }, (_, j) => [`k${j}`, [1]])),
      ]),
    );
    expect(bodyShapeProblem(spread)?.message).toMatch(`more than ${MAX_BODY_VALUES}`);
  });

  it('refuses NUL and other control characters in any string, at any depth, naming the field', () => {
    expect(bodyShapeProblem({ email: 'a\u0000@example.org' })?.field).toBe('email');
    expect(bodyShapeProblem({ subject: { name: 'x\u001by' } })?.field).toBe('subject.name');
    expect(bodyShapeProblem({ list: ['ok', 'bad\u007f'] })?.field).toBe('list.1');
    expect(bodyShapeProblem({ text: '\u0085' })?.field).toBe('text');
    expect(bodyShapeProblem({ text: 'half a pair \ud800' })?.message).toMatch(/well-formed/);
    expect(bodyShapeProblem('\u0000', 'cursor')?.field).toBe('cursor');
  });

  it('keeps tabs, line breaks and every printable script in text', () => {
    expect(bodyShapeProblem({ summary: 'Line one\r\nline two\n\tindented — åäö ✓ 😀 עברית' })).toBeNull();
  });

  it('refuses with a validation error listing one field', () => {
    expect(() => refuseCostlyBody(nestedArrays(1000))).toThrow(/nested deeper/);
    try {
      refuseCostlyBody({ name: 'a\u0000' });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).errors).toEqual([
        { field: 'name', message: expect.stringMatching(/control character/) },
      ]);
    }
  });
});
