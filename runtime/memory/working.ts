// Working memory: the goals an agent pursues and the tasks under them, with their state.
import type { Database } from "bun:sqlite";
import { NotFoundError } from "../errors.ts";

export type WorkState = "open" | "active" | "blocked" | "done" | "failed" | "cancelled";
export const FINISHED: readonly WorkState[] = ["done", "failed", "cancelled"];

export interface WorkItem {
  id: number;
  kind: "goal" | "task";
  parentId: number | null;
  owner: string;
  title: string;
  state: WorkState;
  detail: unknown;
  createdAt: number;
  updatedAt: number;
}

interface Row { id: number; kind: "goal" | "task"; parent_id: number | null; owner: string; title: string; state: WorkState; detail: string; created_at: number; updated_at: number }
const toItem = (r: Row): WorkItem => ({ id: r.id, kind: r.kind, parentId: r.parent_id, owner: r.owner, title: r.title, state: r.state, detail: JSON.parse(r.detail), createdAt: r.created_at, updatedAt: r.updated_at });

export class WorkingMemory {
  constructor(private readonly db: Database, private readonly now: () => number) {}

  addGoal(owner: string, title: string, detail: unknown = null): WorkItem {
    return this.add("goal", null, owner, title, detail);
  }

  addTask(goalId: number, title: string, detail: unknown = null): WorkItem {
    const goal = this.get(goalId);
    return this.add("task", goalId, goal.owner, title, detail);
  }

  setState(id: number, state: WorkState, detail?: unknown): WorkItem {
    const res = detail === undefined
      ? this.db.query("UPDATE mem_work SET state = ?, updated_at = ? WHERE id = ?").run(state, this.now(), id)
      : this.db.query("UPDATE mem_work SET state = ?, detail = ?, updated_at = ? WHERE id = ?").run(state, JSON.stringify(detail), this.now(), id);
    if (res.changes === 0) throw new NotFoundError(`no goal or task ${id}`);
    return this.get(id);
  }

  get(id: number): WorkItem {
    const r = this.db.query<Row, [number]>("SELECT * FROM mem_work WHERE id = ?").get(id);
    if (!r) throw new NotFoundError(`no goal or task ${id}`);
    return toItem(r);
  }

  /** Unfinished goals (and their tasks) of an owner, or of everyone. */
  open(owner?: string): WorkItem[] {
    const done = FINISHED.map((s) => `'${s}'`).join(",");
    const rows = owner
      ? this.db.query<Row, [string]>(`SELECT * FROM mem_work WHERE owner = ? AND state NOT IN (${done}) ORDER BY id`).all(owner)
      : this.db.query<Row, []>(`SELECT * FROM mem_work WHERE state NOT IN (${done}) ORDER BY id`).all();
    return rows.map(toItem);
  }

  tasks(goalId: number): WorkItem[] {
    return this.db.query<Row, [number]>("SELECT * FROM mem_work WHERE parent_id = ? ORDER BY id").all(goalId).map(toItem);
  }

  private add(kind: "goal" | "task", parentId: number | null, owner: string, title: string, detail: unknown): WorkItem {
    const t = this.now();
    const r = this.db.query<Row, [string, number | null, string, string, string, number, number]>(
      "INSERT INTO mem_work (kind, parent_id, owner, title, state, detail, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?) RETURNING *",
    ).get(kind, parentId, owner, title, JSON.stringify(detail), t, t);
    return toItem(r!);
  }
}
