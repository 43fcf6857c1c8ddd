// Operational memory: what happened (events, tool results) and how the machine measured (metrics).
import type { Database } from "bun:sqlite";

export interface MemoryEvent { id: number; ts: number; kind: string; source: string; text: string; data: unknown }
interface Row { id: number; ts: number; kind: string; source: string; text: string; data: string }

export class OperationalMemory {
  constructor(private readonly db: Database, private readonly now: () => number) {}

  /** kind: "event", "tool_result", "alert", …; text is what search finds. */
  record(kind: string, source: string, text: string, data: unknown = null): number {
    const r = this.db.query<{ id: number }, [number, string, string, string, string]>(
      "INSERT INTO mem_events (ts, kind, source, text, data) VALUES (?, ?, ?, ?, ?) RETURNING id",
    ).get(this.now(), kind, source, text, JSON.stringify(data));
    return r!.id;
  }

  recordToolResult(tool: string, text: string, data: unknown = null): number {
    return this.record("tool_result", tool, text, data);
  }

  recent(limit = 50, kind?: string): MemoryEvent[] {
    const rows = kind
      ? this.db.query<Row, [string, number]>("SELECT * FROM mem_events WHERE kind = ? ORDER BY id DESC LIMIT ?").all(kind, limit)
      : this.db.query<Row, [number]>("SELECT * FROM mem_events ORDER BY id DESC LIMIT ?").all(limit);
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) }));
  }

  metric(name: string, value: number, ts = this.now()): void {
    this.db.query("INSERT INTO mem_metrics (ts, name, value) VALUES (?, ?, ?)").run(ts, name, value);
  }

  /** Samples of one metric since `since`, raw and rolled up alike (rollups carry their bucket width). */
  series(name: string, since = 0): { ts: number; value: number; bucketMs: number }[] {
    return this.db.query<{ ts: number; value: number; bucketMs: number }, [string, number]>(
      "SELECT ts, value, bucket_ms AS bucketMs FROM mem_metrics WHERE name = ? AND ts >= ? ORDER BY ts",
    ).all(name, since);
  }
}
