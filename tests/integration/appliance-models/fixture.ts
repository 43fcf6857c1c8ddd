// The models area as the appliance runs it, on a host: a real `aios init` supervising the model
// runtime (from source, with BUN_BE_BUN set as the image service sets it),
// the state directory's models folder, and helpers for aiosctl and generated GGUF files.
import { renameSync, writeFileSync } from "node:fs";
import { orderServices } from "../../../init/spec/compile.ts";
import { validateService } from "../../../init/spec/validate.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { bun, InitUnderTest, repo } from "../init/fixture.ts";

export const SCRIPT = ["The", " disk", " is", " fine"];
export const ANSWER = SCRIPT.join("");

export class ModelsAppliance extends InitUnderTest {
  constructor() {
    super({});
    // The socket lives in the scratch dir, known only now: declare the service over the empty set.
    const spec = validateService("models", modelsService(this.socketPath), "models.toml");
    writeFileSync(`${this.dir}/services.json`, JSON.stringify({ version: 1, services: orderServices([spec]) }));
  }

  get socketPath() { return `${this.dir}/m.sock`; }
  get modelsDir() { return `${this.dir}/models`; }

  override get env() {
    return { ...super.env, AIOS_MODEL_SOCKET: this.socketPath, AIOS_MODELS_CONFIG: `${this.dir}/models.toml`, AIOS_CONFIG_DIR: this.dir } as Record<string, string>;
  }

  /** Written beside the *.gguf pattern and renamed, as an operator should: never half a file. */
  putModel(id: string, script?: string[], seed = 41): void {
    writeFileSync(`${this.modelsDir}/${id}.part`, tinyLlama({ seed, script }).bytes);
    renameSync(`${this.modelsDir}/${id}.part`, `${this.modelsDir}/${id}.gguf`);
  }

  async ctl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", ...args], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { stdout, stderr, code };
  }
}

/** The runtime's declaration, as image/services/models.toml but with bun from source as the program. */
export function modelsService(socketPath: string): string {
  return [
    `command = ["${bun}", "${repo}/runtime/model-runtime/main.ts"]`,
    `env = { BUN_BE_BUN = "1", NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true", GGML_NO_BACKTRACE = "1", AIOS_MODEL_SOCKET = "${socketPath}" }`,
    `ready = { unix = "${socketPath}", timeout_ms = 60000 }`,
    `backoff = { initial_ms = 200, max_ms = 2000 }`,
  ].join("\n");
}
