// The provenance read model on real records: a real agent cycle (AgentHost, LocalExecutor with the
// tool registry and hash-chained audit on SQLite, the reactive tier) seeds the incident store, the
// decision log and the chain; explain() then tells the whole story back, by incident, seq or decision.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { explain } from "../../../../agents/provenance/explain.ts";
import { withSources } from "../../../../agents/provenance/sources.ts";
import { renderExplanation } from "../../../../consoles/render/explain.ts";
import { world, type World } from "../../../fixtures/agents-world.ts";

let w: World;
afterEach(async () => { await w?.close(); });

const why = (ref: string) => withSources(w.host.incidents, (s) => explain(ref, s), join(w.dir, "audit.db"));
const chain = () => [...w.ex.sys.audit.entries(1)];

describe("explain", () => {
  it("tells an incident's story: finding, decision provenance, the call with its seq, verification, final state", async () => {
    w = world();
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    await w.cycle();
    await w.cycle();
    const inc = w.incident("a.conf");
    expect(inc.state).toBe("resolved");
    const e = why(String(inc.id));
    expect(e.gaps).toEqual([]);
    expect(e.incident).toMatchObject({ id: inc.id, kind: "test.bad", evidence: ["bad\n"] });
    const d = e.decisions[0]!;
    expect(d).toMatchObject({ type: "test.bad", agent: "fixer", outcome: "answered", tier: "reactive", model: "rules/test.bad/rewrite", cacheHit: false, action: "rewrite", reason: "the file says bad", replayable: true });
    expect(d.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.attempts).toMatchObject([{ tier: "reactive", outcome: "answered" }]);
    const call = chain().find((x) => x.kind === "tool.call")!;
    expect(d.actions).toMatchObject([{ tool: "files.write", status: "done", seq: call.seq }]);
    expect(d.actions[0]!.effects![0]).toMatch(/^overwrite file .*a\.conf/);
    expect(e.final).toMatch(/^resolved: fixed by rewrite/);
    // The chain links both ways: the call names the decision; decision.acted names the call.
    const dec = chain().find((x) => x.kind === "decision")!;
    expect(dec.data).toMatchObject({ decision: d.id, type: "test.bad", tier: "reactive", promptHash: d.promptHash, cacheHit: false, costUsd: 0, attempts: ["reactive:answered"] });
    expect(call.data).toMatchObject({ why: { decision: d.id, decisionSeq: dec.seq } });
    expect(chain().find((x) => x.kind === "decision.acted")!.data).toMatchObject({ decision: d.id, decisionSeq: dec.seq, calls: [{ tool: "files.write", status: "done", auditSeq: call.seq }] });
    // The same decision by its id and by the seq of the call it caused.
    expect(why(d.id).decisions[0]).toEqual(d);
    expect(why(`#${call.seq}`).decisions[0]!.id).toBe(d.id);
    const text = renderExplanation(e);
    expect(text).toContain(`incident ${inc.id}: ${inc.summary}`);
    expect(text).toContain("chose rewrite");
    expect(text).toMatch(new RegExp(`files\\.write  done  audit #${call.seq}`));
    expect(text).toContain("final: resolved");
  });

  it("names the person who rejected an approval, and the one who approved another", async () => {
    w = world({ mode: "safe" });
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    writeFileSync(join(w.files, "b.conf"), "bad\n");
    await w.cycle();
    const [a, b] = [w.incident("a.conf"), w.incident("b.conf")];
    expect([a.state, b.state]).toEqual(["awaiting_approval", "awaiting_approval"]);
    w.ex.decide(a.actions[0]!.approvalId!, "user:alice@aiosctl", "reject", "not now");
    await w.ex.decide(b.actions[0]!.approvalId!, "user:bob@web/session:1a2b", "approve").running;
    await w.cycle();
    const ra = why(String(a.id)).decisions[0]!.actions[0]!;
    expect(ra).toMatchObject({ tool: "files.write", status: "rejected", approval: { status: "rejected", by: "user:alice@aiosctl", note: "not now" } });
    const rb = why(String(b.id)).decisions[0]!.actions[0]!;
    expect(rb).toMatchObject({ status: "done", approval: { status: "executed", by: "user:bob@web/session:1a2b" } });
    expect(rb.laterSeq).toBeGreaterThan(rb.seq!);
    expect(readFileSync(join(w.files, "b.conf"), "utf8")).toBe("good\n");
    expect(renderExplanation(why(String(a.id)))).toContain('rejected by user:alice@aiosctl');
  });

  it("shows a change the agent's verification rolled back", async () => {
    w = world();
    w.setFix("still bad\n");
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    for (let i = 0; i < 3; i++) await w.cycle();
    const e = why(String(w.incident("a.conf").id));
    expect(e.final).toMatch(/^escalated/);
    expect(e.decisions[0]!.actions[0]).toMatchObject({ status: "rolled back", undone: { by: "fixer", person: false } });
    expect(e.incident!.verification.at(-1)!.result).toMatch(/rolled back/);
  });

  it("shows a call the registry refused at preview, with its blame", async () => {
    w = world({ capabilities: (files) => [`fs.read:${files}`] });
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    await w.cycle();
    const e = why(String(w.incident("a.conf").id));
    expect(e.decisions[0]!.actions).toMatchObject([{ tool: "files.write", status: "refused", blame: "capability", reason: expect.stringMatching(/^at preview: agent fixer lacks capability fs\.write/) }]);
    expect(e.final).toMatch(/^escalated: files\.write refused \(capability\)/);
    expect(renderExplanation(e)).toContain("files.write  refused (capability): at preview");
  });

  it("explains a decision nobody could make, and says what it cannot read", async () => {
    w = world();
    writeFileSync(join(w.files, "c.conf"), "odd\n");
    await w.cycle();
    const inc = w.incident("c.conf");
    const e = withSources(w.host.incidents, (s) => explain(String(inc.id), s), join(w.dir, "no-such.db"));
    expect(e.gaps[0]).toMatch(/^no audit chain: .*no-such\.db does not exist yet/);
    expect(e.decisions[0]).toMatchObject({ outcome: "unknown", actions: [] });
    expect(e.decisions[0]!.attempts[0]).toMatchObject({ tier: "reactive", outcome: "unknown" });
    expect(e.decisions[0]!.attempts[0]!.escalated).toBeTruthy();
    expect(e.final).toMatch(/^escalated: no decision/);
    expect(() => why("what?")).toThrow(/neither an incident/);
    expect(() => why("999")).toThrow(/no incident 999/);
  });
});
