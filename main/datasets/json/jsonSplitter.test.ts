import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFileError } from './jsonErrors';
import { JsonSplitter, forEachJsonValue, type JsonPath, type Selector } from './jsonSplitter';

/** Emits every value at `depth` (and scalars above it), fed in chunks of `chunk` bytes. */
function split(text: string, select: Selector, chunk: number): [JsonPath, unknown][] {
  const out: [JsonPath, unknown][] = [];
  const s = new JsonSplitter('mem.json', select, (p, v) => out.push([p, v]));
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
  s.end();
  return out;
}

const atDepth =
  (depth: number): Selector =>
  (p) =>
    p.length >= depth ? 'emit' : 'descend';

/** What the splitter should emit, from the fully parsed value. */
function expected(value: unknown, depth: number, path: string[] = []): [JsonPath, unknown][] {
  if (path.length >= depth || value === null || typeof value !== 'object') return [[path, value]];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  return entries.flatMap(([k, v]) => expected(v, depth, [...path, k]));
}

describe('JsonSplitter', () => {
  it('emits the values at a chosen depth with their paths', () => {
    const text = '{"2": {"1": {"0": [[1,2,3]], "1": [[4,5,6]]}}, "meta": "x"}';
    expect(split(text, atDepth(3), 1024)).toEqual([
      [['2', '1', '0'], [[1, 2, 3]]],
      [['2', '1', '1'], [[4, 5, 6]]],
      [['meta'], 'x'],
    ]);
  });

  it('skips what the selector passes over and descends into arrays', () => {
    const text = '{"images": [{"id": 1}, {"id": 2}], "categories": [{"name": "person"}]}';
    const sel: Selector = (p) =>
      p[0] === 'categories' ? 'skip' : p.length === 2 ? 'emit' : 'descend';
    expect(split(text, sel, 3)).toEqual([
      [['images', '0'], { id: 1 }],
      [['images', '1'], { id: 2 }],
    ]);
  });

  it('handles strings with quotes, backslashes, brackets and non-ASCII split across chunks', () => {
    const value = { 'a"b': ['x\\"]}{[', 'ünï\u2028cødé 🙂', '\\'], c: { '\\': null } };
    const text = JSON.stringify(value);
    for (const chunk of [1, 2, 3, 5, 64]) {
      expect(split(text, atDepth(1), chunk)).toEqual(expected(value, 1));
      expect(split(text, atDepth(2), chunk)).toEqual(expected(value, 2));
    }
  });

  it('agrees with JSON.parse on arbitrary documents and chunkings (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 17 }),
        fc.boolean(),
        (value, depth, chunk, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          const norm = JSON.parse(text) as unknown;
          expect(split(text, atDepth(depth), chunk)).toEqual(expected(norm, depth));
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'posescope-json-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const errorFor = (name: string, text: string): JsonFileError => {
      const file = join(dir, name);
      writeFileSync(file, text);
      try {
        forEachJsonValue(file, atDepth(2), () => {}, { chunkSize: 7 });
      } catch (err) {
        expect(err).toBeInstanceOf(JsonFileError);
        return err as JsonFileError;
      }
      throw new Error('no error raised');
    };

    it('names the file, line and column of a bad token inside a value', () => {
      const e = errorFor('bad.json', '{\n  "a": {\n    "b": [1, 2,, 3]\n  }\n}');
      expect(e.message).toMatch(/bad\.json:3:\d+: malformed JSON at byte \d+/);
      expect(e.location?.line).toBe(3);
    });

    it('reports a truncated file', () => {
      const e = errorFor('cut.json', '{"a": {"b": [1, 2');
      expect(e.message).toMatch(
        /cut\.json:1:\d+: malformed JSON at byte 17: unexpected end of file/,
      );
    });

    it('reports structural errors between values', () => {
      expect(errorFor('comma.json', '{"a": 1,}').message).toMatch(
        /expected a property name, found "}"/,
      );
      expect(errorFor('colon.json', '{"a" 1}').message).toMatch(/expected ":" after property "a"/);
      expect(errorFor('tail.json', '{"a": 1} x').message).toMatch(/unexpected data after the end/);
    });
  });
});
