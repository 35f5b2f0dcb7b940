import { describe, expect, it } from 'vitest';
import { RECORD_LAYOUTS } from './recordLayouts';

describe('record layouts', () => {
  it('name every modelled key in their order, once, so export can put it back', () => {
    for (const [format, layouts] of Object.entries(RECORD_LAYOUTS))
      for (const [kind, layout] of Object.entries(layouts)) {
        const where = `${format} ${kind}`;
        expect(new Set(layout.order).size, where).toBe(layout.order.length);
        for (const key of Object.keys(layout.fields)) expect(layout.order, where).toContain(key);
      }
  });
});
