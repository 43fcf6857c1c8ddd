// Turns raw model text into a typed output and re-validates it; the same rules for every tier, so an
// answer that is fine from a remote model is fine from a local one and vice versa.
import { ModelBehaviorError } from "../../errors.ts";
import type { FunctionCall, ModelOutput, ModelRequest } from "../model.ts";
import { functionCallSchema } from "../schema/function-call.ts";
import { validate } from "../../schema/validate.ts";

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text.trim());
  } catch {
    throw new ModelBehaviorError(`model returned ${what} that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

export function parseOutput(text: string, req: Pick<ModelRequest, "schema" | "functions">): ModelOutput {
  if (req.functions?.length) {
    const call = parseJson(text, "a function call") as FunctionCall;
    return { kind: "function", content: text, call: checkCall(call, req) };
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
  const problems = validate(functionCallSchema(req.functions ?? []), call);
  if (problems.length) {
    const known = req.functions?.find((f) => f.name === call?.name);
    const detail = known ? validate(functionCallSchema([known]), call).slice(0, 3).join("; ") : `unknown function ${JSON.stringify(call?.name)}`;
    throw new ModelBehaviorError(`model made an invalid function call: ${detail}`);
  }
  return { name: call.name, arguments: call.arguments ?? {} };
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
