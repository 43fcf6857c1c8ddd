// Chat that does things, on the host with no model: requests are understood by the reactive router,
// answered from the real system, and changes become goals that the worker agents carry out through the
// executor after a person approves — with nft really changing in a network namespace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canNetns, findNft } from "../tools/netns.ts";
import { approvalsOf, doneOf, frontRig, textOf, type FrontRig } from "../../fixtures/front-world.ts";

const nft = findNft();
const skip = nft === null ? "nft not found" : canNetns();

describe.skipIf(skip !== null)("the front agent on the reactive tier", () => {
  let rig: FrontRig;
  beforeAll(() => { rig = frontRig(nft!); });
  afterAll(() => rig?.close());

  /** Approves each step as it asks, as a person answering inline would, until the goal ends. */
  const approveAll = async (ev: Awaited<ReturnType<FrontRig["say"]>>) => {
    const goal = doneOf(ev).goal!;
    const more: typeof ev = [];
    let asked = approvalsOf(ev);
    while (asked.length) {
      for (const a of asked) await rig.ex.decide(a.approval.id, "user:test@chat", "approve").running;
      const step: typeof ev = [];
      await rig.goals.run(goal, rig.context({ text: "", who: "user:test@chat" }), (e) => step.push(e));
      more.push(...step);
      asked = approvalsOf(step);
    }
    return { goal, more };
  };

  it("opens a port for a web app after approval, and the firewall really changes", async () => {
    const ev = await rig.say("open port 8080 for my web app");
    expect(doneOf(ev)).toMatchObject({ tier: "reactive", intent: "firewall.open_port" });
    const [a] = approvalsOf(ev);
    expect(a?.approval).toMatchObject({ tool: "firewall.port", agent: "network" });
    expect(a!.approval.effects.join(" ")).toContain("open port 8080/tcp");
    expect(rig.ruleset()).not.toContain("tcp dport 8080 accept");
    const { goal, more } = await approveAll(ev);
    expect(rig.ruleset()).toContain("tcp dport 8080 accept");
    expect(rig.goals.get(goal)).toMatchObject({ state: "done", who: "user:test@chat" });
    expect(textOf(more)).toContain("port 8080/tcp is open in the firewall");
  });

  it("reshapes \"block all incoming traffic\" so ssh and the web console stay open", async () => {
    const ev = await rig.say("block all incoming traffic");
    expect(textOf(ev)).toContain("ssh (22/tcp) and the web console (9090/tcp)");
    const effects = approvalsOf(ev).flatMap((a) => a.approval.effects).join(" ");
    expect(effects).toContain("8080");
    expect(effects).not.toMatch(/port (22|9090)\b/);
    const { goal } = await approveAll(ev);
    const rules = rig.ruleset();
    expect(rules).not.toContain("tcp dport 8080 accept");
    expect(rules).toContain("tcp dport 22 accept");
    expect(rules).toContain("tcp dport 9090 accept");
    expect(rig.goals.get(goal).evaluation).toContain("ssh: allowed");
  });

  it("explains instead of closing the port the operator is connected through", async () => {
    const ev = await rig.say("close port 22");
    expect(approvalsOf(ev)).toEqual([]);
    expect(textOf(ev)).toContain("won't close 22/tcp");
  });

  it("asks for a missing port and takes the answer", async () => {
    const first = await rig.say("open a port", "s1");
    expect(doneOf(first).goal).toBeUndefined();
    expect(textOf(first).toLowerCase()).toContain("port");
    const second = await rig.say("8443", "s1");
    expect(doneOf(second)).toMatchObject({ intent: "firewall.open_port" });
    expect(approvalsOf(second)[0]?.approval.effects.join(" ")).toContain("8443");
  });

  it("says what changed, from the audit chain", async () => {
    const ev = await rig.say("what changed since yesterday?");
    expect(doneOf(ev)).toMatchObject({ tier: "reactive", intent: "changes.since" });
    expect(textOf(ev)).toMatch(/firewall\.(port|delete_rule)/);
  });

  it("takes a snapshot by itself (a copy on the state disk, low risk) and offers it as the undo", async () => {
    const ev = await rig.say("take a snapshot");
    expect(doneOf(ev)).toMatchObject({ intent: "snapshots.create" });
    expect(approvalsOf(ev)).toEqual([]);
    expect(rig.goals.get(doneOf(ev).goal!).state).toBe("done");
    expect(textOf(await rig.say("list snapshots"))).toContain("manual: taken from chat");
    const undo = await rig.say("undo the last change");
    expect(approvalsOf(undo)[0]?.approval).toMatchObject({ tool: "snapshots.restore", agent: "maintenance" });
    await rig.ex.decide(approvalsOf(undo)[0]!.approval.id, "user:test@chat", "reject").running; // never restore onto the build host
  });

  it("says plainly that no tier could take free text it cannot route", async () => {
    const ev = await rig.say("write me a poem about the sea");
    expect(doneOf(ev).tier).toBe("none");
    expect(textOf(ev)).toContain("could not understand");
  });

  it("remembers what worked as a procedure and audits each decision with its tier", async () => {
    const hits = await rig.ex.searchMemory("open port", 5);
    expect(hits.some((h) => h.title.includes("open port 8080"))).toBe(true);
    const decisions = rig.ex.sys.audit.tail(200, "decision").filter((e) => e.actor === "agent:front");
    expect(decisions.length).toBeGreaterThan(3);
    expect(decisions[0]!.data).toMatchObject({ type: "chat", tier: "reactive", who: "user:test@chat" });
  });
});
