// A local GGUF model served by the runtime process, seen through the common Model interface.
import { ModelBehaviorError } from "../../errors.ts";
import type { Model, ModelIdentity, ModelRequest, ModelResult, StreamEvent, Tier } from "../model.ts";
import { parseOutput } from "../output/parse.ts";
import type { ChatCall, ChatReply, ModelInfo } from "../../model-runtime/protocol.ts";
import type { RuntimeClient } from "./runtime-client.ts";

export class LocalModel implements Model {
  readonly identity: ModelIdentity;
  constructor(private readonly client: RuntimeClient, info: Pick<ModelInfo, "id" | "tier" | "sha256">) {
    this.identity = { id: info.id, tier: info.tier as Tier, provider: "local", sha256: info.sha256 };
  }

  private call(req: ModelRequest): ChatCall {
    return {
      model: this.identity.id, messages: req.messages, schema: req.schema, functions: req.functions, toolChoice: req.toolChoice,
      maxTokens: req.maxTokens, temperature: req.temperature, timeoutMs: req.timeoutMs, priority: req.priority,
    };
  }

  private result(reply: ChatReply, req: ModelRequest): ModelResult {
    if ((req.schema || req.functions?.length) && reply.stopReason === "maxTokens") {
      throw new ModelBehaviorError(`model ${this.identity.id} ran out of tokens before finishing its JSON (${reply.outputTokens} tokens)`);
    }
    return {
      output: parseOutput(reply.text, req),
      tokens: { input: reply.inputTokens, output: reply.outputTokens },
      latencyMs: reply.ms,
      costUsd: 0,
      model: { ...this.identity, sha256: reply.sha256 ?? this.identity.sha256 },
    };
  }

  /**
   * The runtime times out generation itself; this bounds the whole request, queue wait included,
   * with a second of grace so the runtime's own (more precise) timeout normally wins.
   */
  private signal(req: ModelRequest): AbortSignal | undefined {
    const timeout = req.timeoutMs ? AbortSignal.timeout(req.timeoutMs + 1000) : undefined;
    return timeout && req.signal ? AbortSignal.any([timeout, req.signal]) : timeout ?? req.signal;
  }

  async generate(req: ModelRequest): Promise<ModelResult> {
    return this.result(await this.client.chat(this.call(req), this.signal(req)), req);
  }

  async *stream(req: ModelRequest): AsyncGenerator<StreamEvent> {
    for await (const line of this.client.chatStream(this.call(req), this.signal(req))) {
      if (line.type === "text") yield { type: "text", text: line.text };
      else if (line.type === "done") yield { type: "done", result: this.result(line.reply, req) };
    }
  }
}

/** The usable local models, as the runtime sees them now (quarantined ones are left out). */
export async function discoverLocalModels(client: RuntimeClient): Promise<LocalModel[]> {
  const infos = await client.models();
  return infos.filter((m) => m.status !== "quarantined").map((m) => new LocalModel(client, m));
}
