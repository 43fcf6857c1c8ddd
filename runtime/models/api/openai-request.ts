// Maps an OpenAI chat completions request body onto a ModelRequest, refusing what we cannot honour.
import { UserError } from "../../errors.ts";
import type { ChatMessage, ModelRequest } from "../model.ts";
import type { JsonSchema } from "../../schema/validate.ts";

export interface ChatCompletionBody {
  model: string;
  messages: { role: string; content: string | { type: string; text?: string }[] | null }[];
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
    return { role: m.role === "developer" ? "system" : (m.role as ChatMessage["role"]), content };
  });
  const fmt = body.response_format;
  const schema = fmt?.type === "json_schema" ? fmt.json_schema?.schema ?? { type: "object" } : fmt?.type === "json_object" ? { type: "object" } : undefined;
  const functions = body.tools?.filter((t) => t.type === "function").map((t) => ({
    name: t.function.name, description: t.function.description, parameters: t.function.parameters ?? { type: "object", properties: {} },
  }));
  return {
    messages, schema, functions: functions?.length ? functions : undefined,
    maxTokens: body.max_completion_tokens ?? body.max_tokens, temperature: body.temperature, signal,
  };
}
