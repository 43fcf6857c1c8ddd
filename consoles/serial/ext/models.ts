// Chat console commands for the models area; ../commands.ts asks each area before its fallback.
// Free text (after the built-in commands and the policy area) is a question for the hierarchy;
// `/models` lists the models. With no usable model the answer says so and what to do.
import type { IntelligenceStack } from "../../../runtime/models/index.ts";
import { ask, listModels, operatorIntelligence } from "../../../runtime/models/operator.ts";
import { answerText, explainNoAnswer, renderModels, renderProvenance } from "../../render/models.ts";
import type { Reply } from "../commands.ts";

let stack: IntelligenceStack | undefined;
/** One stack per console: its response cache and breakers live as long as the console. */
const intelligence = () => (stack ??= operatorIntelligence());

/** Returns a reply when the line is this area's, undefined otherwise. */
export async function modelsAnswer(line: string): Promise<Reply | undefined> {
  const word = line.trim().toLowerCase();
  if (word === "/models") return { text: renderModels(await listModels(intelligence())) };
  if (word.startsWith("/")) return undefined;
  // Free text reaches here only when the front agent cannot be reached (serial.ts falls back).
  const decision = await ask(intelligence(), line.trim(), "console");
  if (decision.outcome !== "answered") return { text: explainNoAnswer(decision, await listModels(intelligence())) };
  return { text: `${answerText(decision)}\n${renderProvenance(decision)}` };
}

export const modelsHelp: string[] = [
  "  /models       the models: tier, state, size (put GGUF files in /var/lib/aios/models)",
];
