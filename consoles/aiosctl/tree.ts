// aiosctl's one command tree: every verb, its flags and positionals. The run wrapper (run.ts) checks
// command lines against it, `aiosctl completion` writes the shell scripts from it, the image build
// installs those, and tests/unit/aiosctl walks it (every leaf verb takes --json; every verb and flag
// is in both scripts). A verb is added here, in one of the commands/ files, and nowhere else.
import { defineCommand, type CommandDef } from "citty";
import { UserError } from "../../runtime/errors.ts";
import { completionScript } from "./completion.ts";
import { act } from "./fail.ts";
import { describeCommand } from "./spec.ts";
import { servicesCommands } from "./commands/services.ts";
import { webCommands } from "./commands/web.ts";
import { policyCommands } from "./commands/policy.ts";
import { modelsCommands } from "./commands/models.ts";
import { agentsCommands } from "./commands/agents.ts";
import { jobsCommands } from "./commands/jobs.ts";
import { chatCommands } from "./commands/chat.ts";
import { provenanceCommands } from "./commands/explain.ts";
import { configCommands } from "./commands/config.ts";
import { backupCommands } from "./commands/backup.ts";
import { firewallCommands } from "./commands/firewall.ts";
import { packagesCommands } from "./commands/packages.ts";
import { resetCommands } from "./commands/reset.ts";
import { notifyCommands } from "./commands/notify.ts";
import { dbCommands } from "./commands/db.ts";
import { installCommands } from "./commands/install.ts";
import { updateCommands } from "./commands/update.ts";

const completion = defineCommand({
  meta: { name: "completion", description: "shell completion script, from this command tree: aiosctl completion bash|zsh" },
  args: { shell: { type: "positional", required: true, description: "bash or zsh" }, json: { type: "boolean", description: "the script as {shell, script}" } },
  run: act(async (a: { shell: string; json?: boolean }) => {
    if (a.shell !== "bash" && a.shell !== "zsh") throw new UserError(`unknown shell "${a.shell}"`, "use bash or zsh");
    const script = completionScript(a.shell, describeCommand(aiosctl));
    if (a.json) console.log(JSON.stringify({ shell: a.shell, script }));
    else process.stdout.write(script);
  }),
});

export const aiosctl: CommandDef<any> = defineCommand({
  meta: { name: "aiosctl", description: "control the aiOS appliance" },
  subCommands: {
    ...servicesCommands, completion, ...webCommands, ...policyCommands, ...modelsCommands, ...agentsCommands,
    ...jobsCommands, ...chatCommands, ...provenanceCommands, ...configCommands, ...backupCommands, ...firewallCommands, ...packagesCommands, ...resetCommands,
    ...notifyCommands, ...dbCommands, ...installCommands, ...updateCommands,
  },
});
