import { describe, expect, it } from "vitest";
import { factsOf } from "../../loop/types.ts";
import { rules } from "../rules.ts";
import { stateDegraded } from "./state.ts";

describe("state.degraded", () => {
  it("raises one incident per reason, and the rules hand it to a person", () => {
    const obs = { degraded: ["state disk full", "aios.db was corrupt: moved aside to /var/lib/aios/aios.db.corrupt-20261203T074500Z"] };
    const found = stateDegraded.detect(obs as never, {} as never);
    expect(found.map((f) => [f.key, f.severity])).toEqual([["state.degraded:state disk full", "critical"], ["state.degraded:aios.db was corrupt", "critical"]]);
    const choice = rules["state.degraded"]!.find((r) => r.when(factsOf(found[0]!), {} as never))!.answer(factsOf(found[0]!), {} as never);
    expect(choice).toMatchObject({ action: "escalate", reason: expect.stringContaining("state disk full") });
    expect(stateDegraded.detect({} as never, {} as never)).toEqual([]);
  });
});
