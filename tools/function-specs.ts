// Tool declarations as the function specs a model is offered. Tool names hold dots (disks.usage);
// providers accept only [a-zA-Z0-9_-]{1,64}, so names are mapped (disks_usage) and mapped back
// through the same table: a name the table does not hold is no tool at all.
import type { FunctionSpec } from "../runtime/models/model.ts";
import { ModelBehaviorError } from "../runtime/errors.ts";
import type { ToolInfo } from "./declaration.ts";

export interface FunctionTable {
  specs: FunctionSpec[];
  /** The tool a function name stands for; a ModelBehaviorError for a name that is none of them. */
  toolOf(fn: string): string;
  fnOf(tool: string): string;
}

export const functionName = (tool: string) => tool.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);

export function functionTable(tools: readonly ToolInfo[]): FunctionTable {
  const byFn = new Map<string, string>();
  const specs = tools.map((t): FunctionSpec => {
    const fn = functionName(t.name);
    const taken = byFn.get(fn);
    if (taken) throw new Error(`tools ${taken} and ${t.name} map to the same function name ${fn}`);
    byFn.set(fn, t.name);
    return { name: fn, description: `${t.description}${t.destructive ? " (changes the system: a person approves it first)" : ""}`, parameters: t.input };
  });
  return {
    specs,
    toolOf(fn) {
      const tool = byFn.get(fn);
      if (!tool) throw new ModelBehaviorError(`the model called ${JSON.stringify(fn)}, which is no offered tool`);
      return tool;
    },
    fnOf: functionName,
  };
}
