// The banner above the prompt (addresses, web console, state disk, health), as on HAOS and Talos:
// shown at the first prompt, then again only when what it says has changed, so it never spams.
import type { Runner } from "../../runtime/proc/exec.ts";
import { renderBanner } from "../render/rescue.ts";
import { bannerFacts, type BannerFacts } from "./rescue/facts.ts";

export class Banner {
  private shown?: string;

  /** The banner text when it differs from the last one shown, else undefined. */
  next(f: BannerFacts): string | undefined {
    const text = renderBanner(f);
    if (text === this.shown) return undefined;
    this.shown = text;
    return text;
  }

  /** Gathers the facts (init may take `initMs`) and returns them with the text to print, if any. */
  async refresh(runner: Runner, initMs: number): Promise<{ facts: BannerFacts; text?: string }> {
    const facts = await bannerFacts(runner, initMs);
    return { facts, text: this.next(facts) };
  }
}
