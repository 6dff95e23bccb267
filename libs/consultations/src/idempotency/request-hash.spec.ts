import { hashRequestBody } from './request-hash';

describe('hashRequestBody', () => {
  it('is the same for the same body with keys in another order, at every depth', () => {
    const a = {
      summary: 's',
      riskFactors: { immediateDanger: true, childrenInHousehold: false },
      concernTypes: ['a', 'b'],
    };
    const b = {
      concernTypes: ['a', 'b'],
      riskFactors: { childrenInHousehold: false, immediateDanger: true },
      summary: 's',
    };
    expect(hashRequestBody(a)).toBe(hashRequestBody(b));
    expect(hashRequestBody(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when a value, an array order or a nesting changes', () => {
    const base = hashRequestBody({ a: 1, list: ['x', 'y'], nested: { b: true } });
    expect(hashRequestBody({ a: 2, list: ['x', 'y'], nested: { b: true } })).not.toBe(base);
    expect(hashRequestBody({ a: 1, list: ['y', 'x'], nested: { b: true } })).not.toBe(base);
    expect(hashRequestBody({ a: 1, list: ['x', 'y'], nested: { b: 'true' } })).not.toBe(base);
    expect(hashRequestBody({ a: 1, list: ['x', 'y'], b: true })).not.toBe(base);
  });

  it('ignores absent (undefined) fields, as JSON does', () => {
    expect(hashRequestBody({ a: 1, b: undefined })).toBe(hashRequestBody({ a: 1 }));
  });

  it('does not let a key with quotes or a colon collide with another shape', () => {
    expect(hashRequestBody({ 'a":"b': 1 })).not.toBe(hashRequestBody({ a: 'b":1' }));
  });
});
