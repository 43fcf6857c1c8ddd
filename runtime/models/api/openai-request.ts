// Maps an OpenAI chat completions request body onto a ModelRequest, refusing what we cannot honour:
// assistant tool_calls and role "tool" results become tool turns; tool_choice defaults to "auto".
import { UserError } from "../../errors.ts";
import type { ChatMessage, ModelRequest } from "../model.ts";
import type { JsonSchema } from "../../schema/validate.ts";

export interface ChatCompletionBody {
  model: string;
  messages: { role: string; content?: string | { type: string; text?: string }[] | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string; name?: string }[];
  tool_choice?: "auto" | "required" | "none" | { type: "function"; function: { name: string } };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { type: string; function: { name: string; description?: string; parameters?: JsonSchema } }[];
  response_format?: { type: "text" | "json_object" | "json_schema"; json_schema?: { name?: string; schema?: JsonSchema } };
}

const ROLES = new Set(["system", "user", "assistant", "tool", "developer"]);

export function toModelRequest(body: ChatCompletionBody, signal?: AbortSignal): ModelRequest {
  if (!body || typeof body.model !== "string" || !body.model) throw new UserError("model is required", "GET /v1/models lists the models");
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw new UserError("messages must be a non-empty array");
  const messages: ChatMessage[] = body.messages.map((m, i) => {
    if (!ROLES.has(m?.role)) throw new UserError(`messages[${i}].role must be one of ${[...ROLES].join(", ")}`);
    const content = typeof m.content === "string" ? m.content
      : Array.isArray(m.content) ? m.content.filter((p) => p.type === "text").map((p) => p.text ?? "").join("")
      : "";
    const msg: ChatMessage = { role: m.role === "developer" ? "system" : (m.role as ChatMessage["role"]), content };
    if (m.role === "tool") { msg.toolCallId = String(m.tool_call_id ?? ""); if (m.name) msg.name = m.name; }
    if (m.role === "assistant" && m.tool_calls?.length) msg.toolCalls = m.tool_calls.map((c, j) => ({ id: c.id, name: c.function?.name, arguments: parseArgs(c.function?.arguments, `messages[${i}].tool_calls[${j}]`) }));
    return msg;
  });
  const fmt = body.response_format;
  const schema = fmt?.type === "json_schema" ? fmt.json_schema?.schema ?? { type: "object" } : fmt?.type === "json_object" ? { type: "object" } : undefined;
  const functions = body.tools?.filter((t) => t.type === "function").map((t) => ({
    name: t.function.name, description: t.function.description, parameters: t.function.parameters ?? { type: "object", properties: {} },
  }));
  const choice = body.tool_choice;
  const only = typeof choice === "object" ? functions?.filter((f) => f.name === choice.function?.name) : functions;
  const offered = choice === "none" ? undefined : only?.length ? only : undefined;
  return {
    messages, schema, functions: offered, ...(offered ? { toolChoice: choice === "required" || typeof choice === "object" ? "required" as const : "auto" as const } : {}),
    maxTokens: body.max_completion_tokens ?? body.max_tokens, temperature: body.temperature, signal,
  };
}

function parseArgs(text: string | undefined, where: string): Record<string, unknown> {
  try { return JSON.parse(text || "{}") as Record<string, unknown>; } catch { throw new UserError(`${where}.function.arguments is not JSON`); }
}
