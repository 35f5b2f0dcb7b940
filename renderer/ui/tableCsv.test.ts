import { describe, expect, it } from 'vitest';
import { fileStem } from './download';
import { cellsToCsv } from './tableCsv';

const c = (text: string, span = 1) => ({ text, span });

describe('tables as CSV', () => {
  it('lays cells on the table’s grid: a corner spanning two rows leaves the next blank', () => {
    expect(
      cellsToCsv([
        [{ text: 'joint', span: 1, rowSpan: 2 }, c('a', 2)],
        [c('MPJPE'), c('3DPCK')],
        [c('Head'), c('1'), c('2')],
      ]),
    ).toBe('joint,a,a\r\n,MPJPE,3DPCK\r\nHead,1,2\r\n');
  });

  it('spreads a spanning header over its columns and quotes what needs it', () => {
    const csv = cellsToCsv([
      [c('joint'), c('run, "a"', 2)],
      [c(''), c('MPJPE'), c('3DPCK')],
      [c(' Head_top '), c('33.0'), c('100.0')],
    ]);
    expect(csv).toBe('joint,"run, ""a""","run, ""a"""\r\n,MPJPE,3DPCK\r\nHead_top,33.0,100.0\r\n');
  });

  it('names files after the card', () => {
    expect(fileStem('Per joint')).toBe('per-joint');
    expect(fileStem('Set figures — COCO')).toBe('set-figures-coco');
    expect(fileStem('…')).toBe('export');
  });
});
