// The reactive tier for operator questions (decision type "question"): a few rules that answer from
// facts the operator's tools gathered, so `aiosctl ask` and the serial console answer something useful
// on a box with no model. Anything else is "don't know", and the hierarchy goes up (or says no tier could).
import type { ModelRequest } from "../model.ts";
import type { Rule } from "./reactive-model.ts";

interface ModelFact { id: string; tier: string; status: string }
const question = (req: ModelRequest) => (req.messages.filter((m) => m.role === "user").at(-1)?.content ?? "").toLowerCase();
const asks = (re: RegExp) => (_: Record<string, unknown>, req: ModelRequest) => re.test(question(req));

export const QUESTION_RULES: Rule[] = [
  {
    name: "help",
    when: asks(/^\s*(help|\?|what can you do|how do i use)/),
    answer: () => "Ask about this machine in plain words. Without a model only simple questions are answered here; `aiosctl status`, `aiosctl agents` and `aiosctl models` show the system, the agents and the models.",
  },
  {
    name: "models",
    when: (f, req) => Array.isArray(f.models) && /\b(which|what|list|any)\b.*\bmodels?\b|\bmodels?\b.*\b(installed|available|loaded)\b/.test(question(req)),
    answer: (f) => {
      const models = f.models as ModelFact[];
      if (!models.length) return `No model is installed: put a GGUF file in ${String(f.modelsDir ?? "the models folder")}.`;
      return `Models: ${models.map((m) => `${m.id} (${m.tier}, ${m.status})`).join("; ")}.`;
    },
  },
  {
    name: "time",
    when: asks(/\bwhat(?:'s| is)? the (time|date)\b|\bwhat time is it\b|\btoday'?s date\b/),
    answer: (f) => `It is ${new Date(Number(f.now ?? Date.now())).toISOString().replace("T", " ").slice(0, 19)} UTC.`,
  },
];
