// The reactive tier: one rule set per finding kind, covering every duty with no model. Containment of
// a running thing (stop, close, block, remove SUID) is proposed; the registry's policy makes it wait
// for a person in normal mode. Credential changes always go to a person; loose secrets are tightened.
import type { Rule } from "../../runtime/models/reactive/reactive-model.ts";
import { always, type Choice } from "../loop/types.ts";
import { KINDS } from "./detectors.ts";
import { clip } from "./settings.ts";

type Facts = Record<string, unknown>;
const escalate = (reason: string): Choice => ({ action: "escalate", params: {}, reason });
const octal = (m: unknown) => `0${Number(m).toString(8).padStart(3, "0")}`;
const block = (f: Facts) => f.block as { family: string; table: string; chain: string };

export const rules: Record<string, Rule[]> = {
  [KINDS.listener]: [
    always("access-service-listener", (f) => escalate(`${clip(String(f.comm), 32)} (an access service) listens on unexpected port ${f.port}: a person must look`), (f) => f.protected === true),
    always("stop-owner", (f) => ({ action: "stop_process", params: { pid: f.pid, signal: "TERM" }, reason: `unexpected listener on ${f.proto} port ${f.port}: stop ${clip(String(f.comm), 32)} (pid ${f.pid})` }), (f) => typeof f.pid === "number"),
    always("close-port", (f) => ({ action: "close_port", params: { port: f.port, proto: f.proto, ...block(f) }, reason: `unexpected listener on ${f.proto} port ${f.port} with no owner found: close the port` })),
  ],
  [KINDS.identity]: [
    // Never reverted by a rule: an edit of passwd or a key may be the operator's own.
    always("credentials-changed", (f) => escalate(`${f.path} ${f.change}: ${f.added_count} entries added, ${f.removed_count} removed; confirm it was intended`)),
  ],
  [KINDS.suid]: [
    always("remove-suid", (f) => ({ action: "remove_suid", params: { path: f.path, mode: f.new_mode }, reason: `new setuid/setgid file ${clip(String(f.path), 200)}: remove the bit (${octal(f.mode)} → ${octal(f.new_mode)})` })),
  ],
  [KINDS.secret]: [
    always("tighten", (f) => ({ action: "tighten_mode", params: { path: f.path, mode: f.new_mode }, reason: `${f.path} is ${octal(f.mode)}, looser than ${octal(f.max)}: tighten to ${octal(f.new_mode)}` })),
  ],
  [KINDS.bruteForce]: [
    always("operator-address", (f) => escalate(`${f.failures} failed ssh logins from ${f.addr}, where an operator is connected now: not blocked`), (f) => f.operator === true),
    always("never-block", (f) => escalate(`${f.failures} failed ssh logins from ${f.addr}, which is on the never-block list`), (f) => f.never_block === true),
    always("block-address", (f) => ({ action: "block_address", params: { addr: f.addr, ...block(f) }, reason: `${f.failures} failed ssh logins from ${f.addr} in ${f.window_s} s: block it` })),
  ],
};
