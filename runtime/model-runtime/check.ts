// What the runtime takes on its socket, checked before any of it reaches llama.cpp. A wrong type there
// is thrown inside node-llama-cpp's own promise chain, past this process's error boundary, and ends the
// process (a fuzzed `temperature: "hot"` did): every field the engine reads is checked here and
// refused as the caller's error.
import { UserError } from "../errors.ts";
import type { ChatCall, EmbedCall } from "./protocol.ts";

const ROLES = new Set(["system", "user", "assistant", "tool"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 40) ?? String(v);

function numberIn(o: Record<string, unknown>, key: string, min: number, max: number, integer = false): void {
  const v = o[key];
  if (v === undefined || v === null) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new UserError(`${key} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}, not ${shown(v)}`);
  }
}

function stringAt(v: unknown, where: string, optional = false): void {
  if (optional && (v === undefined || v === null)) return;
  if (typeof v !== "string") throw new UserError(`${where} must be a string, not ${shown(v)}`);
}

export function checkChatCall(call: unknown): ChatCall {
  if (!isObject(call)) throw new UserError("a chat call is a JSON object with model and messages");
  if (typeof call.model !== "string" || !call.model || !Array.isArray(call.messages)) throw new UserError("chat needs model and messages");
  call.messages.forEach((m: unknown, i) => {
    if (!isObject(m) || !ROLES.has(m.role as string)) throw new UserError(`messages[${i}].role must be one of ${[...ROLES].join(", ")}`);
    stringAt(m.content, `messages[${i}].content`);
    stringAt(m.name, `messages[${i}].name`, true);
    if (m.toolCalls !== undefined && m.toolCalls !== null) {
      if (!Array.isArray(m.toolCalls)) throw new UserError(`messages[${i}].toolCalls must be an array`);
      m.toolCalls.forEach((c: unknown, j) => {
        if (!isObject(c) || typeof c.name !== "string") throw new UserError(`messages[${i}].toolCalls[${j}] needs a name`);
      });
    }
  });
  numberIn(call, "maxTokens", 1, 1_000_000, true);
  numberIn(call, "temperature", 0, 2);
  numberIn(call, "timeoutMs", 1, 2 ** 31 - 1);
  numberIn(call, "priority", -1e9, 1e9);
  if (call.schema !== undefined && call.schema !== null && !isObject(call.schema)) throw new UserError("schema must be a JSON schema object");
  if (call.toolChoice !== undefined && call.toolChoice !== null && call.toolChoice !== "auto" && call.toolChoice !== "required") throw new UserError('toolChoice must be "auto" or "required"');
  if (call.functions !== undefined && call.functions !== null) {
    if (!Array.isArray(call.functions)) throw new UserError("functions must be an array");
    call.functions.forEach((f: unknown, i) => {
      if (!isObject(f) || typeof f.name !== "string" || !f.name) throw new UserError(`functions[${i}] needs a name`);
      stringAt(f.description, `functions[${i}].description`, true);
      if (f.parameters !== undefined && f.parameters !== null && !isObject(f.parameters)) throw new UserError(`functions[${i}].parameters must be a JSON schema object`);
    });
  }
  return call as unknown as ChatCall;
}

export function checkEmbedCall(call: unknown): EmbedCall {
  if (!isObject(call) || typeof call.model !== "string" || !call.model) throw new UserError("embed needs model and input");
  if (!Array.isArray(call.input) || call.input.length === 0) throw new UserError("input must be a non-empty array of strings");
  call.input.forEach((t: unknown, i) => stringAt(t, `input[${i}]`));
  numberIn(call, "priority", -1e9, 1e9);
  return call as unknown as EmbedCall;
}
