// Talks to the model runtime over its unix socket. A runtime that is gone (crashed on a bad model,
// never started) becomes a ModelUnavailableError — a tier that is down — after one restart attempt.
import { errorMessage, TimeoutError } from "../../errors.ts";
import { fromWire, ModelUnavailableError } from "../errors.ts";
import type { ChatCall, ChatReply, ChatStreamLine, EmbedCall, EmbedReply, ModelInfo, WireError } from "../../model-runtime/protocol.ts";
import type { RuntimeProcess } from "./process.ts";

export class RuntimeClient {
  constructor(readonly socketPath: string, private readonly process?: RuntimeProcess) {}

  private async request(path: string, init: RequestInit = {}, retry = true): Promise<Response> {
    if (this.process && !this.process.running) await this.startProcess();
    let res: Response;
    try {
      res = await fetch(`http://model-runtime${path}`, { ...init, unix: this.socketPath } as RequestInit);
    } catch (err) {
      if (init.signal?.aborted) throw new TimeoutError(`model runtime request ${path} gave up: ${errorMessage(init.signal.reason)}`);
      if (retry && this.process && (await this.process.settled())) return this.request(path, init, false);
      const exit = this.process?.lastExit;
      throw new ModelUnavailableError(
        `model runtime at ${this.socketPath} is unavailable: ${errorMessage(err)}${exit ? ` (last exit code ${exit.code}${exit.signal ? `, ${exit.signal}` : ""})` : ""}`,
        "it is restarted on the next request; a model that crashed it is quarantined",
      );
    }
    if (!res.ok) {
      const payload = (await res.json().catch(() => ({}))) as { error?: WireError };
      throw fromWire(payload.error ?? { type: "SystemError", message: `model runtime answered HTTP ${res.status}` });
    }
    return res;
  }

  private async startProcess() {
    try { await this.process!.ensureStarted(); } catch (err) {
      throw new ModelUnavailableError(`model runtime cannot start: ${errorMessage(err)}`, (err as { hint?: string }).hint);
    }
  }

  private post(path: string, body: unknown, signal?: AbortSignal) {
    return this.request(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, signal });
  }

  async models(): Promise<ModelInfo[]> { return (await this.request("/models")).json() as Promise<ModelInfo[]>; }
  async rescan(): Promise<ModelInfo[]> { return (await this.post("/rescan", {})).json() as Promise<ModelInfo[]>; }
  async unload(model: string): Promise<void> { await this.post("/unload", { model }); }
  async health(): Promise<{ ok: boolean; pending: number }> { return (await this.request("/health")).json() as Promise<{ ok: boolean; pending: number }>; }
  async chat(call: ChatCall, signal?: AbortSignal): Promise<ChatReply> { return (await this.post("/chat", call, signal)).json() as Promise<ChatReply>; }
  async embed(call: EmbedCall): Promise<EmbedReply> { return (await this.post("/embed", call)).json() as Promise<EmbedReply>; }

  async *chatStream(call: ChatCall, signal?: AbortSignal): AsyncGenerator<ChatStreamLine> {
    const res = await this.post("/chat?stream=1", call, signal);
    const decoder = new TextDecoder();
    let buffered = "";
    try {
      for await (const chunk of res.body!) {
        buffered += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = JSON.parse(buffered.slice(0, nl)) as ChatStreamLine;
          buffered = buffered.slice(nl + 1);
          if (line.type === "error") throw fromWire(line.error);
          yield line;
        }
      }
    } catch (err) {
      if (err instanceof Error && "hint" in err) throw err;
      throw new ModelUnavailableError(`model runtime stream broke: ${errorMessage(err)}`);
    }
  }
}
