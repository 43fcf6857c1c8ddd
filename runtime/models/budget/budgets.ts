// Token and money budgets per tier and per agent, per UTC day, kept in SQLite so a restart does not
// reset them. A request is checked before it is sent: over budget means it is never sent at all.
import type { Database } from "bun:sqlite";
import { migrate } from "../../db/open.ts";
import type { Tier } from "../model.ts";

export interface Limit { tokensPerDay?: number; usdPerDay?: number }

export interface BudgetConfig {
  tiers?: Partial<Record<Tier, Limit>>;
  agents?: Record<string, Limit>;
  /** Applies to agents without their own entry. */
  defaultAgent?: Limit;
}

export type BudgetVerdict = { ok: true } | { ok: false; reason: string };

const MIGRATIONS = [{
  version: 1, name: "usage",
  sql: "CREATE TABLE model_usage (day TEXT NOT NULL, scope TEXT NOT NULL, tokens INTEGER NOT NULL DEFAULT 0, usd REAL NOT NULL DEFAULT 0, PRIMARY KEY (day, scope))",
}];

export class Budgets {
  constructor(private readonly db: Database, private readonly cfg: BudgetConfig = {}, private readonly now: () => number = Date.now) {
    migrate(db, "models.budgets", MIGRATIONS);
  }

  private day() { return new Date(this.now()).toISOString().slice(0, 10); }

  usage(scope: string): { tokens: number; usd: number } {
    const row = this.db.query<{ tokens: number; usd: number }, [string, string]>("SELECT tokens, usd FROM model_usage WHERE day = ? AND scope = ?").get(this.day(), scope);
    return row ?? { tokens: 0, usd: 0 };
  }

  private limitsFor(agent: string, tier: Tier): [string, string, Limit | undefined][] {
    return [
      [`tier:${tier}`, `tier ${tier}`, this.cfg.tiers?.[tier]],
      [`agent:${agent}`, `agent ${agent}`, this.cfg.agents?.[agent] ?? this.cfg.defaultAgent],
    ];
  }

  /** Would spending `est` more today break a limit? Names the limit and today's use when it would. */
  check(agent: string, tier: Tier, est: { tokens: number; usd: number }): BudgetVerdict {
    for (const [scope, label, limit] of this.limitsFor(agent, tier)) {
      if (!limit) continue;
      const used = this.usage(scope);
      if (limit.tokensPerDay !== undefined && used.tokens + est.tokens > limit.tokensPerDay) {
        return { ok: false, reason: `${label} token budget: ${used.tokens} used + ~${est.tokens} needed > ${limit.tokensPerDay} per day` };
      }
      if (limit.usdPerDay !== undefined && used.usd + est.usd > limit.usdPerDay) {
        return { ok: false, reason: `${label} money budget: $${used.usd.toFixed(4)} used + ~$${est.usd.toFixed(4)} needed > $${limit.usdPerDay} per day` };
      }
    }
    return { ok: true };
  }

  /** The tier's own daily limit, when today's use has reached it (the hierarchy then falls back). */
  tierSpent(tier: Tier): string | undefined {
    const limit = this.cfg.tiers?.[tier];
    if (!limit) return undefined;
    const used = this.usage(`tier:${tier}`);
    if (limit.tokensPerDay !== undefined && used.tokens >= limit.tokensPerDay) return `${used.tokens} of ${limit.tokensPerDay} tokens used today`;
    if (limit.usdPerDay !== undefined && used.usd >= limit.usdPerDay) return `$${used.usd.toFixed(4)} of $${limit.usdPerDay} used today`;
    return undefined;
  }

  record(agent: string, tier: Tier, tokens: number, usd: number) {
    const add = this.db.query("INSERT INTO model_usage (day, scope, tokens, usd) VALUES (?, ?, ?, ?) ON CONFLICT(day, scope) DO UPDATE SET tokens = tokens + excluded.tokens, usd = usd + excluded.usd");
    this.db.transaction(() => {
      add.run(this.day(), `tier:${tier}`, tokens, usd);
      add.run(this.day(), `agent:${agent}`, tokens, usd);
    })();
  }
}

/** Rough pre-send estimate: ~4 characters per token for the prompt, plus the whole output allowance. */
export function estimateTokens(promptChars: number, maxTokens: number): number {
  return Math.ceil(promptChars / 4) + maxTokens;
}
