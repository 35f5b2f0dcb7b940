import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
import { IndexVersionError, openIndex, schemaVersion } from './openIndex';

describe('index database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posescope-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a new index at the latest schema in WAL mode with foreign keys', () => {
    const db = openIndex(join(dir, 'new', 'index.sqlite'));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Temporary files (sorts' spills) on disk unless the writer is the bulk indexer.
    expect(db.pragma('temp_store', { simple: true })).toBe(0);
    const bulk = openIndex(join(dir, 'new', 'index.sqlite'), { bulk: true });
    // 2 = MEMORY: its statement journals never spill to a temporary file.
    expect(bulk.pragma('temp_store', { simple: true })).toBe(2);
    bulk.close();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'datasets',
        'images',
        'instances',
        'runs',
        'predictions',
        'instance_metrics',
        'artifacts',
        'edits',
      ]),
    );
    db.close();
  });

  it('upgrades an older database in place and keeps its rows', () => {
    const file = join(dir, 'old.sqlite');
    const v1 = MIGRATIONS.slice(0, 1);
    const old = openIndex(file, { migrations: v1 });
    old
      .prepare(
        "INSERT INTO datasets (root, format, skeleton, created_at) VALUES ('/data/h36m', 'h36m', 'h36m17', 'then')",
      )
      .run();
    old.close();
    const next: Migration = {
      version: 2,
      description: 'test column',
      sql: 'ALTER TABLE datasets ADD COLUMN note TEXT;',
    };
    const db = openIndex(file, { migrations: [...v1, next] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT root, note FROM datasets').get()).toEqual({
      root: '/data/h36m',
      note: null,
    });
    db.close();
  });

  it('refuses a database written by a newer PoseScope without touching it', () => {
    const file = join(dir, 'future.sqlite');
    const raw = new Database(file);
    raw.exec(
      'CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);',
    );
    raw.close();
    expect(() => openIndex(file)).toThrow(IndexVersionError);
    expect(() => openIndex(file)).toThrow(
      /schema version 99, newer than this PoseScope reads \(up to \d+\)/,
    );
    const check = new Database(file);
    expect(
      check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'images'").pluck().get(),
    ).toBe(0);
    check.close();
  });

  it('rolls back a failing migration as a whole', () => {
    const file = join(dir, 'broken.sqlite');
    const bad: Migration = {
      version: 1,
      description: 'broken',
      sql: 'CREATE TABLE a (x); CREATE TABLE a (y);',
    };
    expect(() => openIndex(file, { migrations: [bad] })).toThrow(/table a already exists/);
    const check = new Database(file);
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(
      0,
    );
    check.close();
  });
});
