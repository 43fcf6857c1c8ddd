// The model gateway backed by the local runtime: what the appliance's /v1 API serves.
import { ModelUnavailableError } from "../errors.ts";
import type { GatewayModel, ModelGateway } from "../api/gateway.ts";
import type { ModelRequest, ModelResult, StreamEvent, Tier } from "../model.ts";
import type { ModelInfo } from "../../model-runtime/protocol.ts";
import { LocalModel } from "./local-model.ts";
import type { RuntimeClient } from "./runtime-client.ts";

export class LocalGateway implements ModelGateway {
  constructor(private readonly client: RuntimeClient) {}

  private async info(id: string): Promise<ModelInfo | undefined> {
    return (await this.client.models()).find((m) => m.id === id);
  }

  /** Unknown ids still go to the runtime, which answers NotFound with its own message. */
  private async model(id: string): Promise<LocalModel> {
    const info = await this.info(id);
    if (info?.status === "quarantined") throw new ModelUnavailableError(`model ${id} is quarantined: ${info.reason}`);
    return new LocalModel(this.client, info ?? { id, tier: "local-small" as Tier });
  }

  async listModels(): Promise<GatewayModel[]> {
    return (await this.client.models()).map((m) => ({ id: m.id, tier: m.tier, status: m.status, reason: m.reason, ownedBy: "aios-local" }));
  }

  async complete(id: string, req: ModelRequest): Promise<ModelResult> {
    return (await this.model(id)).generate(req);
  }

  async *stream(id: string, req: ModelRequest): AsyncGenerator<StreamEvent> {
    yield* (await this.model(id)).stream(req);
  }

  async embed(id: string, input: string[]) {
    const r = await this.client.embed({ model: id, input });
    return { vectors: r.vectors, tokens: r.tokens };
  }
}
