import { describe, expect, it } from "vitest";
import { Database } from "bun:sqlite";
describe("smoke", () => { it("bun:sqlite works under vitest", () => { const d = new Database(":memory:"); expect(d.query("select 1 as x").get()).toEqual({ x: 1 }); }); });
