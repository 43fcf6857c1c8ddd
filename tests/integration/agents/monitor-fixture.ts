// Drives the monitor agent the way the loop does, minus decide/act: observe the real system, run every
// detector with the earlier observations as history, remember this observation. Also asks the real
// reactive tier (ReactiveModel over the agent's rule sets) what it would choose for a finding.
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { type AgentContext, type AgentModule, type Choice, factsOf, type Finding } from "../../../agents/loop/types.ts";
import { MapMemo } from "../../../agents/monitor/fixture.ts";
import type { MonitorObs } from "../../../agents/monitor/observation.ts";

export class MonitorDriver {
  readonly memo = new MapMemo();
  readonly history: MonitorObs[] = [];
  last?: MonitorObs;
  constructor(readonly agent: AgentModule<MonitorObs>, readonly settings: Record<string, unknown>) {}

  ctx(): AgentContext { return { now: Date.now(), settings: this.settings, runner: realRunner, root: "/", memo: this.memo }; }

  async cycle(): Promise<Finding[]> {
    const ctx = this.ctx();
    const obs = await this.agent.observe(ctx);
    const findings = this.agent.detectors.flatMap((d) => d.detect(obs, { ...ctx, history: this.history }));
    this.history.push(obs);
    this.last = obs;
    return findings;
  }

  async choose(f: Finding): Promise<Choice & { rule: string }> {
    const r = await new ReactiveModel(this.agent.rules).generate({ messages: [], decisionType: f.kind, facts: factsOf(f) });
    if (r.output.kind !== "object") throw new Error(`no rule for ${f.kind}`);
    return { ...(r.output.object as Choice), rule: r.model.id };
  }
}
