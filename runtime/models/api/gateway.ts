// What the OpenAI-compatible HTTP routes need from the model side; the local runtime implements it,
// and anything else that can list, complete and embed could.
import type { ModelRequest, ModelResult, StreamEvent } from "../model.ts";

export interface GatewayModel {
  id: string;
  tier: string;
  status: string;
  reason?: string;
  ownedBy: string;
}

export interface ModelGateway {
  listModels(): Promise<GatewayModel[]>;
  complete(model: string, req: ModelRequest): Promise<ModelResult>;
  stream(model: string, req: ModelRequest): AsyncIterable<StreamEvent>;
  embed(model: string, input: string[]): Promise<{ vectors: number[][]; tokens: number }>;
}
