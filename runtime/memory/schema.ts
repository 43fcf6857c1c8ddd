// Memory tables, one set per tier. FTS5 indexes are external-content tables kept in step by
// triggers, so text is stored once and search stays in SQLite.
import type { Migration } from "../db/open.ts";

export const MEMORY_SCOPE = "memory";

export const memoryMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "working, operational and long-term memory with FTS5",
    sql: `
      CREATE TABLE mem_work (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('goal', 'task')),
        parent_id INTEGER REFERENCES mem_work(id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        title TEXT NOT NULL,
        state TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT 'null',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX mem_work_state ON mem_work(state, updated_at);
      CREATE INDEX mem_work_parent ON mem_work(parent_id);

      CREATE TABLE mem_events (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT 'null'
      );
      CREATE INDEX mem_events_ts ON mem_events(ts);
      CREATE VIRTUAL TABLE mem_events_fts USING fts5(text, content='mem_events', content_rowid='id', tokenize='porter unicode61');
      CREATE TRIGGER mem_events_ai AFTER INSERT ON mem_events BEGIN
        INSERT INTO mem_events_fts(rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER mem_events_ad AFTER DELETE ON mem_events BEGIN
        INSERT INTO mem_events_fts(mem_events_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;

      CREATE TABLE mem_metrics (
        ts INTEGER NOT NULL,
        name TEXT NOT NULL,
        value REAL NOT NULL,
        -- 0 for a raw sample; otherwise the width in ms of the rollup bucket this row averages.
        bucket_ms INTEGER NOT NULL DEFAULT 0,
        samples INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX mem_metrics_name_ts ON mem_metrics(name, ts);
      CREATE INDEX mem_metrics_ts ON mem_metrics(bucket_ms, ts);

      CREATE TABLE mem_facts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('fact', 'procedure', 'resolution')),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        pinned INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        embedding BLOB
      );
      CREATE INDEX mem_facts_evict ON mem_facts(pinned, uses, used_at);
      CREATE VIRTUAL TABLE mem_facts_fts USING fts5(title, body, tags, content='mem_facts', content_rowid='id', tokenize='porter unicode61');
      CREATE TRIGGER mem_facts_ai AFTER INSERT ON mem_facts BEGIN
        INSERT INTO mem_facts_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
      END;
      CREATE TRIGGER mem_facts_ad AFTER DELETE ON mem_facts BEGIN
        INSERT INTO mem_facts_fts(mem_facts_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
      END;
      CREATE TRIGGER mem_facts_au AFTER UPDATE OF title, body, tags ON mem_facts BEGIN
        INSERT INTO mem_facts_fts(mem_facts_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
        INSERT INTO mem_facts_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
      END;
    `,
  },
];
