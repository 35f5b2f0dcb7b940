import { describe, expect, it } from 'vitest';
import { EDIT_TOOLS, REVIEW_STATUSES, SKELETON_IDS, SKELETONS } from '../../../core';
import { editTool, reviewStatus, skeletonId } from '../../../contract/schemas';
import { MIGRATIONS } from './migrations';

/** The values of the SQL CHECK (column IN (…)) on `column` in the migrations. */
function checkList(column: string): string[] {
  const sql = MIGRATIONS.map((m) => m.sql).join('\n');
  const m = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql);
  if (!m) throw new Error(`no CHECK on ${column}`);
  return m[1]!.split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
}

describe('one list per enum, from core', () => {
  it('the index refuses exactly the review statuses the contract and core do not know', () => {
    expect(checkList('review')).toEqual([...REVIEW_STATUSES]);
    expect(reviewStatus.options).toEqual([...REVIEW_STATUSES]);
  });

  it('the contract’s edit tools and skeletons are core’s', () => {
    expect(editTool.options).toEqual([...EDIT_TOOLS]);
    expect(skeletonId.options).toEqual([...SKELETON_IDS]);
    expect(Object.keys(SKELETONS).sort()).toEqual([...SKELETON_IDS].sort());
  });
});
