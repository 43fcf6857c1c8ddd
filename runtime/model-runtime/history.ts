// Renders a conversation as node-llama-cpp chat history. The local tier has no native tool turns, so
// a tool loop is written out as text the model can read: its own calls as the JSON the grammar made
// it emit (inside <tool_call>), each result inside <tool_response> in a user turn — the convention
// ChatML-trained models (Qwen, Hermes) know. What a function returned is data, never instructions.
import type { ChatHistoryItem } from "node-llama-cpp";
import type { ChatMessage } from "../models/model.ts";

const callText = (m: ChatMessage) => (m.toolCalls ?? []).map((c) => `<tool_call>\n${JSON.stringify({ name: c.name, arguments: c.arguments })}\n</tool_call>`);

export function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  for (const m of messages) {
    if (m.role === "system") history.push({ type: "system", text: m.content });
    else if (m.role === "assistant") history.push({ type: "model", response: [[m.content, ...callText(m)].filter(Boolean).join("\n")] });
    else if (m.role === "tool") {
      const text = `<tool_response>\n${m.name ? `${m.name}: ` : ""}${m.content}\n</tool_response>`;
      const last = history.at(-1);
      // Results of several calls in a row go into one user turn, as a provider would batch them.
      if (last?.type === "user" && last.text.startsWith("<tool_response>")) last.text += `\n${text}`;
      else history.push({ type: "user", text });
    } else history.push({ type: "user", text: m.content });
  }
  history.push({ type: "model", response: [] });
  return history;
}
