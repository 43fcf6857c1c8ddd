// The console program (`aios console`) on a real pseudo-terminal (Bun's built-in terminal), as init
// runs it on ttyS0: canonical mode, echo, signals from ^C ^\ ^Z, lines cut at 4095 bytes by the kernel.
// `feed` writes an input, then `help` as a sentinel, and waits until the console has answered it.
import type { Subprocess } from "bun";
import { bun, repo } from "../../../tests/integration/init/fixture.ts";

export const PROMPT = "aios> ";
/** A line of the console's help text: seeing it means the console answered `help`. */
export const HELP_MARK = "anything else goes to the front agent";

export class ConsoleTerminal {
  private proc?: Subprocess;
  private buf = "";
  starts = 0;

  constructor(private readonly env: Record<string, string | undefined>) {}

  get alive(): boolean { return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null; }
  get ended(): string { return `exit ${this.proc?.exitCode ?? "-"}, signal ${this.proc?.signalCode ?? "-"}`; }

  async start(): Promise<void> {
    this.buf = "";
    this.starts++;
    this.proc = Bun.spawn([bun, `${repo}/main.ts`, "console"], {
      env: { ...this.env, TERM: "vt100" },
      terminal: { cols: 120, rows: 40, data: (_t, d) => { this.buf += new TextDecoder().decode(d); if (this.buf.length > 4_000_000) this.buf = this.buf.slice(-65_536); } },
    });
    if (!(await this.until(() => this.buf.includes(PROMPT), 30_000))) throw new Error(`the console did not show a prompt: ${this.buf.slice(-300)}`);
  }

  /** Writes `input`, then ^Q (output resumes after a ^S), two line ends (one may be quoted by ^V) and
   * `help`; resolves with what the console wrote, or undefined when it never answered `help`. */
  async feed(input: string | Uint8Array): Promise<string | undefined> {
    this.buf = "";
    const t = this.proc!.terminal!;
    t.write(input);
    for (let attempt = 0; attempt < 3; attempt++) {
      t.write("\x11\r\rhelp\r");
      const seen = () => { const i = this.buf.lastIndexOf(HELP_MARK); return i >= 0 && this.buf.indexOf(PROMPT, i) >= 0; };
      // A y/n question from the front agent takes the first `help` as its answer: ask again.
      if (await this.until(seen, 10_000)) return this.buf;
      if (!this.alive) return undefined;
    }
    return undefined;
  }

  private async until(pred: () => boolean, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end || !this.alive) return pred();
      await Bun.sleep(10);
    }
    return true;
  }

  stop(): void { this.proc?.kill("SIGKILL"); }
}
