// Every page's route: the shared layout around the page's body. Approvals are in ../routes/policy.ts
// (their forms post there); /terminal belongs to the terminal.
import type { Hono } from "hono";
import type { WebDeps } from "../app.ts";
import { agentsBody } from "./agents.ts";
import { chatBody } from "./chat.ts";
import { dashboardBody } from "./dashboard.ts";
import { withDegraded } from "../../../runtime/health/degraded.ts";
import { layout } from "./layout.ts";
import { servicesBody } from "./services.ts";
import { auditBody, firewallBody, modelsBody, packagesBody, settingsBody, snapshotsBody } from "./simple.ts";

export function mountPages(app: Hono, deps: Pick<WebDeps, "status" | "sample">): void {
  app.get("/", async (c) => {
    const status = await deps.status().then(withDegraded, (e: Error) => e);
    return layout(c, "dashboard", "Dashboard", dashboardBody(status instanceof Error ? undefined : status, deps.sample(), status instanceof Error ? status.message : undefined));
  });
  const pages = [
    ["/services", "services", "Services", servicesBody],
    ["/agents", "agents", "Agents & incidents", agentsBody],
    ["/chat", "chat", "Chat", chatBody],
    ["/audit", "audit", "Audit", auditBody],
    ["/firewall", "firewall", "Firewall", firewallBody],
    ["/packages", "packages", "Packages", packagesBody],
    ["/models", "models", "Models", modelsBody],
    ["/snapshots", "snapshots", "Snapshots & jobs", snapshotsBody],
    ["/settings", "settings", "Settings", settingsBody],
  ] as const;
  for (const [path, page, title, body] of pages) app.get(path, (c) => layout(c, page, title, body()));
}
