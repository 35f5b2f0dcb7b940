import { describe, expect, it } from 'vitest';
import { IdTable } from './idTable';

describe('IdTable', () => {
  it('finds each id’s values, whatever order they were added in', () => {
    const t = new IdTable(2);
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000);
    for (const id of ids) t.add(id + 1e6, [id, 5000 - id]);
    t.seal();
    expect(t.size).toBe(5000);
    for (const id of [0, 1, 2500, 4999]) {
      expect(t.get(id + 1e6, 0)).toBe(id);
      expect(t.get(id + 1e6, 1)).toBe(5000 - id);
    }
    expect(t.get(5)).toBeUndefined();
    expect(t.get(2e6)).toBeUndefined();
  });

  it('keeps the last values given for an id, as a Map would', () => {
    const t = new IdTable(1);
    t.add(3, [1]);
    t.add(1, [2]);
    t.add(3, [4]);
    t.add(3, [5]);
    t.seal();
    expect(t.size).toBe(2);
    expect(t.get(3)).toBe(5);
    expect(t.get(1)).toBe(2);
  });

  it('refuses a look-up before it is sealed and an add after', () => {
    const t = new IdTable(1);
    t.add(1, [1]);
    expect(() => t.get(1)).toThrow(/before seal/);
    t.seal();
    expect(() => t.add(2, [2])).toThrow(/after seal/);
  });
});
