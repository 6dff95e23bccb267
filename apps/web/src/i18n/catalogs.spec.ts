import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import en from './en.json';
import sv from './sv.json';

type Catalog = { [key: string]: string | Catalog };

/** Every key path of a catalog, plural suffixes included, with its value. */
function entries(catalog: Catalog, prefix = ''): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value] as [string, string]]
      : entries(value, `${prefix}${key}.`),
  );
}

describe('web app message catalogs', () => {
  const svEntries = entries(sv as Catalog);
  const enEntries = entries(en as Catalog);

  it('have exactly the same keys in Swedish and English', () => {
    const svKeys = svEntries.map(([k]) => k).sort();
    const enKeys = enEntries.map(([k]) => k).sort();
    expect({
      onlyInSwedish: svKeys.filter((k) => !enKeys.includes(k)),
      onlyInEnglish: enKeys.filter((k) => !svKeys.includes(k)),
    }).toEqual({
      onlyInSwedish: [],
      onlyInEnglish: [],
    });
  });

  it('have no empty values', () => {
    expect([...svEntries, ...enEntries].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const enMap = new Map(enEntries);
    const mismatched = svEntries.filter(
      ([k, v]) => JSON.stringify(vars(v)) !== JSON.stringify(vars(enMap.get(k) ?? '')),
    );
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('name no key twice in one object (JSON.parse keeps only the last, silently)', () => {
    // Strings are consumed whole, so braces inside values ("{{count}}") are not taken for objects.
    const duplicates = (file: string): string[] => {
      const text = readFileSync(join(__dirname, file), 'utf8');
      const found: string[] = [];
      const stack: string[][] = [];
      for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"(\s*:)?|[{}]/g)) {
        if (match[0] === '{') stack.push([]);
        else if (match[0] === '}') stack.pop();
        else if (match[2]) {
          const [keys, key] = [stack[stack.length - 1] ?? [], match[1] ?? ''];
          if (keys.includes(key)) found.push(key);
          keys.push(key);
        }
      }
      return found;
    };
    expect({ sv: duplicates('sv.json'), en: duplicates('en.json') }).toEqual({ sv: [], en: [] });
  });
});
