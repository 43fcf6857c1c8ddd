// aiosctl verbs for the models area; registered in ../tree.ts. `models` lists every model with its
// tier, state and size; `ask` runs one decision through the hierarchy and shows who answered.
import { defineCommand, type CommandDef } from "citty";
import { UserError } from "../../../runtime/errors.ts";
import { ask, listModels, operatorIntelligence, parseTier } from "../../../runtime/models/operator.ts";
import { answerText, explainNoAnswer, renderModels, renderProvenance, triedTiers } from "../../render/models.ts";
import { act, EXIT } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;

const models = defineCommand({
  meta: { name: "models", description: "local and remote models: tier, state (quarantine reason), size" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const stack = operatorIntelligence();
    try {
      const listing = await listModels(stack);
      console.log(a.json ? JSON.stringify(listing, null, 2) : renderModels(listing));
      return listing.runtime === "running" ? EXIT.ok : EXIT.notRunning;
    } finally { await stack.close(); }
  }),
});

const askCmd = defineCommand({
  meta: { name: "ask", description: "ask the system's models one question; shows the answer and which tier gave it" },
  args: {
    question: { type: "positional", required: true, description: "the question (quote it)" },
    tier: { type: "string", description: "only this tier: reactive, local-small, local-medium, local-large, remote" },
    json,
  },
  run: act(async (a: { question: string; tier?: string; json?: boolean }) => {
    if (!a.question.trim()) throw new UserError("the question is empty", 'aiosctl ask "why is the disk full?"');
    const stack = operatorIntelligence(parseTier(a.tier));
    try {
      const decision = await ask(stack, a.question, "aiosctl");
      if (a.json) {
        console.log(JSON.stringify(decision, null, 2));
        return decision.outcome === "answered" ? EXIT.ok : EXIT.failure;
      }
      if (decision.outcome !== "answered") {
        process.stderr.write(`aiosctl: no tier could answer this question. Tried:\n${triedTiers(decision)}\n${explainNoAnswer(decision, await listModels(stack))}\n${renderProvenance(decision)}\n`);
        return EXIT.failure;
      }
      console.log(`${answerText(decision)}\n${renderProvenance(decision)}`);
    } finally { await stack.close(); }
  }),
});

export const modelsCommands: Record<string, CommandDef<any>> = { models, ask: askCmd };
