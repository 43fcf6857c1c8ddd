// The notify service (`aios notify`): every few seconds, what needs a person (sources.ts) goes into the
// outbox once per configured channel, then what is due is sent (runtime/notify). The outbox lives in the
// state database, so a restart neither loses a message nor sends one twice under a new key.
import { existsSync } from "node:fs";
import type { Database } from "bun:sqlite";
import { setting } from "../../runtime/config/settings.ts";
import { notifyReady } from "../../runtime/control/client.ts";
import { openDatabase } from "../../runtime/db/open.ts";
import { errorMessage } from "../../runtime/errors.ts";
import { channels, type NotifyConfig, notifyConfig } from "../../runtime/notify/config.ts";
import { type Attempt, deliverDue, type Stored } from "../../runtime/notify/deliver.ts";
import type { NotifyEvent } from "../../runtime/notify/message.ts";
import { backoffMs, Outbox } from "../../runtime/notify/outbox.ts";
import { incidentsNeedingPerson, pendingApprovals } from "./sources.ts";

const EVERY_MS = 5000;
const KEEP_MS = 30 * 86_400_000;

export interface CycleDeps {
  outbox: Outbox;
  config: () => NotifyConfig;
  /** The agents' database, read-only, when it exists yet. */
  agentsDb: () => Database | undefined;
  log: (line: string) => void;
}

/** Everything that needs a person now, from both sources. */
export function collect(d: CycleDeps, cfg: NotifyConfig): NotifyEvent[] {
  const agents = d.agentsDb();
  return [...pendingApprovals(d.outbox.db, cfg.consoleUrl), ...(agents ? incidentsNeedingPerson(agents, cfg.consoleUrl, cfg.minSeverity) : [])];
}

/** One round: enqueue what is new, send what is due; returns the attempts made. */
export async function cycle(d: CycleDeps): Promise<Attempt[]> {
  const cfg = d.config();
  const to = channels(cfg);
  if (to.length) {
    for (const event of collect(d, cfg)) {
      const added = d.outbox.enqueue(event.key, { event, host: cfg.host } satisfies Stored, to);
      if (added.length) d.log(`queued ${event.key} for ${added.join(" and ")}: ${event.title}`);
    }
  }
  const attempts = await deliverDue(d.outbox, cfg);
  for (const a of attempts) {
    const row = d.outbox.get(a.id);
    d.log(a.state === "sent" ? `sent ${a.key} by ${a.channel}`
      : `${a.channel} ${a.key}: ${a.error} (attempt ${row?.attempts}/${cfg.maxAttempts}${a.state === "failed" ? ", giving up" : `, next in ${Math.round(backoffMs(row?.attempts ?? 1) / 1000)} s`})`);
  }
  return attempts;
}

export async function runNotify(): Promise<void> {
  const outbox = new Outbox(openDatabase(setting("state_db")));
  await notifyReady();
  let agents: Database | undefined;
  const d: CycleDeps = {
    outbox,
    config: () => notifyConfig(),
    agentsDb: () => (agents ??= existsSync(setting("agents_db")) ? openDatabase(setting("agents_db"), { readonly: true }) : undefined),
    log: (line) => console.log(line),
  };
  const cfg = notifyConfig();
  console.log(`notify: ${channels(cfg).join(" and ") || "no channel configured (notify.webhook_url, notify.email_to)"}${cfg.problems.map((p) => `; ${p}`).join("")}`);
  let pruned = 0;
  for (;;) {
    try {
      await cycle(d);
      if (Date.now() - pruned > 86_400_000) { outbox.prune(KEEP_MS); pruned = Date.now(); }
    } catch (err) {
      console.error(`notify: ${errorMessage(err)}`);
      agents?.close();
      agents = undefined; // a replaced agents database is opened again
    }
    await Bun.sleep(EVERY_MS);
  }
}
