// Turns raw model text into a typed output and re-validates it; the same rules for every tier, so an
// answer that is fine from a remote model is fine from a local one and vice versa.
import { ModelBehaviorError } from "../../errors.ts";
import type { FunctionCall, ModelOutput, ModelRequest } from "../model.ts";
import { ANSWER_FUNCTION, functionCallSchema, grammarFunctions } from "../schema/function-call.ts";
import { validate } from "../../schema/validate.ts";

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text.trim());
  } catch {
    throw new ModelBehaviorError(`model returned ${what} that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

type Req = Pick<ModelRequest, "schema" | "functions" | "toolChoice">;

export function parseOutput(text: string, req: Req): ModelOutput {
  if (req.functions?.length) {
    const call = parseJson(text, "a function call") as FunctionCall;
    const checked = checkCall(call, { functions: grammarFunctions(req) });
    // Under "auto" the grammar's answer function is the model's text answer.
    if (req.toolChoice === "auto" && checked.name === ANSWER_FUNCTION.name) return { kind: "text", content: String(checked.arguments.text ?? "") };
    return { kind: "function", content: text, call: checked };
  }
  if (req.schema) {
    const object = parseJson(text, "an object");
    const problems = validate(req.schema, object);
    if (problems.length) throw new ModelBehaviorError(`model output does not match the schema: ${problems.slice(0, 3).join("; ")}`);
    return { kind: "object", content: text, object };
  }
  return { kind: "text", content: text };
}

/** Checks a call (parsed from text or given natively by a provider) against the declared functions. */
export function checkCall(call: FunctionCall, req: Pick<ModelRequest, "functions">): FunctionCall {
  const problems = validate(functionCallSchema(req.functions ?? []), { name: call?.name, arguments: call?.arguments });
  if (problems.length) {
    const known = req.functions?.find((f) => f.name === call?.name);
    const detail = known ? validate(functionCallSchema([known]), { name: call.name, arguments: call.arguments }).slice(0, 3).join("; ") : `unknown function ${JSON.stringify(call?.name)}`;
    throw new ModelBehaviorError(`model made an invalid function call: ${detail}`);
  }
  return { ...(call.id ? { id: call.id } : {}), name: call.name, arguments: call.arguments ?? {} };
}

/** Native calls from a provider, checked; the output carries all of them and the first as `call`. */
export function callsOutput(calls: FunctionCall[], req: Pick<ModelRequest, "functions">): ModelOutput {
  const checked = calls.map((c) => checkCall(c, req));
  const bare = checked.map((c) => ({ name: c.name, arguments: c.arguments }));
  return { kind: "function", content: JSON.stringify(bare.length === 1 ? bare[0] : bare), call: checked[0]!, ...(checked.length > 1 ? { calls: checked } : {}) };
}

/** A stated confidence: the result's own, or a numeric `confidence` field of a structured answer. */
export function confidenceOf(output: ModelOutput, stated?: number): number | undefined {
  if (stated !== undefined) return stated;
  if (output.kind === "object" && output.object && typeof output.object === "object") {
    const c = (output.object as Record<string, unknown>).confidence;
    if (typeof c === "number") return c;
  }
  return undefined;
}
