// aios_model_* from the local model runtime's socket: what is in the catalogue, loaded, quarantined
// (and why, as a label of the info series), and the queue depth.
import type { ModelInfo } from "../../../runtime/model-runtime/protocol.ts";
import type { Source } from "./scrape.ts";

export interface ModelRuntimeView { models(): Promise<ModelInfo[]>; health(): Promise<{ ok: boolean; pending: number }> }

export function modelSource(runtime: ModelRuntimeView): Source {
  return {
    name: "models",
    async collect(f) {
      const [models, health] = await Promise.all([runtime.models(), runtime.health()]);
      const info = f.gauge("aios_model_info", "One series per local model, with its tier and status", ["model", "tier", "status"]);
      const loaded = f.gauge("aios_model_loaded", "1 while the model is loaded in memory", ["model"]);
      const quarantined = f.gauge("aios_model_quarantined", "1 when the model is quarantined (it crashed or failed to load)", ["model"]);
      const mem = f.gauge("aios_model_memory_bytes", "Memory the runtime expects the model to take when loaded", ["model"]);
      for (const m of models) {
        info.set({ model: m.id, tier: m.tier, status: m.status }, 1);
        loaded.set({ model: m.id }, m.loaded ? 1 : 0);
        quarantined.set({ model: m.id }, m.status === "quarantined" ? 1 : 0);
        mem.set({ model: m.id }, m.memoryBytes);
      }
      f.gauge("aios_models_quarantined", "How many local models are quarantined").set(models.filter((m) => m.status === "quarantined").length);
      f.gauge("aios_model_queue_pending", "Requests waiting in the model runtime's queue").set(health.pending);
    },
  };
}
