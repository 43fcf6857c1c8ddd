// The package agent's checks: stale lists, pending upgrades (security ones apart), dpkg's health and
// holds. Each is observation in, findings out; keys name the exact versions, so new lists with newer
// fixes are a new incident while the same pending set stays one.
import type { Detector, Finding } from "../loop/types.ts";
import { CONFIGURABLE } from "../../tools/packages/maintain.ts";
import type { PackageObs } from "./observe.ts";
import type { Upgrade } from "./parse.ts";

const HOUR = 3_600_000;
const list = (u: Upgrade[]) => u.map((x) => `${x.name}=${x.to}`).sort().join(",");
const describe = (u: Upgrade) => `${u.name} ${u.from} -> ${u.to}${u.releases.length ? ` (${u.releases.join(", ")})` : ""}`;

export const listsStale: Detector<PackageObs> = {
  name: "lists-stale",
  detect(obs, ctx) {
    const hours = Number(ctx.settings.stale_hours ?? 24);
    // Lists never refreshed (a fresh appliance) are routine work for the refresh-lists job, not an
    // incident; lists that were refreshed once and then went stale mean refreshing is failing.
    if (!obs.refreshedAt) return [];
    const age = (ctx.now - obs.refreshedAt) / HOUR;
    if (age <= hours) return [];
    return [{
      kind: "packages.lists-stale", key: "packages.lists-stale", severity: age > 7 * 24 ? "warning" : "info",
      summary: obs.refreshedAt ? `package lists are ${Math.round(age)} h old (limit ${hours} h)` : "package lists were never refreshed",
      evidence: [`${obs.lists.files} list files, last refreshed ${obs.refreshedAt ? new Date(obs.refreshedAt).toISOString() : "never"}`],
      facts: { ageHours: Math.round(age), staleHours: hours },
    }];
  },
};

export const securityUpgrades: Detector<PackageObs> = {
  name: "security-upgrades",
  detect(obs) {
    const sec = obs.upgrades.filter((u) => u.security && !obs.held.includes(u.name));
    if (sec.length === 0) return [];
    return [{
      kind: "packages.security-upgrades", key: `packages.security-upgrades:${list(sec)}`, severity: "warning",
      summary: `${sec.length} security upgrade${sec.length === 1 ? "" : "s"} pending: ${sec.map((u) => u.name).join(", ")}`.slice(0, 200),
      evidence: sec.map(describe).slice(0, 20),
      facts: { names: sec.map((u) => u.name), upgrades: sec, listsChanged: obs.listsChanged },
    }];
  },
};

export const upgradesAvailable: Detector<PackageObs> = {
  name: "upgrades-available",
  detect(obs) {
    const rest = obs.upgrades.filter((u) => !u.security && !obs.held.includes(u.name));
    if (rest.length === 0) return [];
    return [{
      kind: "packages.upgrades-available", key: `packages.upgrades-available:${list(rest)}`, severity: "info",
      summary: `${rest.length} upgrade${rest.length === 1 ? "" : "s"} available: ${rest.map((u) => u.name).join(", ")}`.slice(0, 200),
      evidence: rest.map(describe).slice(0, 20),
      facts: { names: rest.map((u) => u.name), upgrades: rest },
    }];
  },
};

export const dpkgHealth: Detector<PackageObs> = {
  name: "dpkg-health",
  detect(obs) {
    const out: Finding[] = [];
    const fixable = obs.unhealthy.filter((p) => CONFIGURABLE.has(p.state));
    const broken = obs.unhealthy.filter((p) => !CONFIGURABLE.has(p.state));
    if (fixable.length > 0) {
      out.push({
        kind: "packages.dpkg-unhealthy", key: `packages.dpkg-unhealthy:${fixable.map((p) => p.name).sort().join(",")}`, severity: "warning",
        summary: `dpkg did not finish ${fixable.map((p) => `${p.name} (${p.state})`).join(", ")}`.slice(0, 200),
        evidence: obs.audit.length ? obs.audit : fixable.map((p) => `${p.name} ${p.version} ${p.state}`),
        facts: { packages: fixable.map((p) => ({ name: p.name, version: p.version, state: p.state })) },
      });
    }
    // Half-installed files or a failed apt resolution: dpkg --configure cannot fix these.
    const simBroken = obs.simulationError && fixable.length === 0;
    if (broken.length > 0 || simBroken) {
      out.push({
        kind: "packages.dpkg-broken", key: `packages.dpkg-broken:${broken.map((p) => p.name).sort().join(",") || "apt"}`, severity: "critical",
        summary: broken.length ? `packages need reinstalling: ${broken.map((p) => `${p.name} (${p.state})`).join(", ")}`.slice(0, 200) : "apt cannot compute upgrades",
        evidence: [...broken.map((p) => `${p.name} ${p.version} ${p.state}`), ...(obs.simulationError ? [obs.simulationError] : []), ...obs.audit].slice(0, 20),
        facts: { packages: broken.map((p) => ({ name: p.name, version: p.version, state: p.state })), aptError: obs.simulationError ?? null },
      });
    }
    return out;
  },
};

export const heldUpgrades: Detector<PackageObs> = {
  name: "held-upgrades",
  detect(obs) {
    const held = obs.keptBack.filter((n) => obs.held.includes(n));
    if (held.length === 0) return [];
    return [{
      kind: "packages.held", key: `packages.held:${held.sort().join(",")}`, severity: "info",
      summary: `held back from upgrades: ${held.join(", ")}`.slice(0, 200),
      evidence: held.map((n) => `${n} is on hold and has a newer version`),
      facts: { names: held },
    }];
  },
};

export const detectors = [listsStale, securityUpgrades, upgradesAvailable, dpkgHealth, heldUpgrades];
