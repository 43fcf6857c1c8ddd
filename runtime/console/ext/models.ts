// Chat console commands for the models area; ../commands.ts asks each area before its fallback.
import type { Reply } from "../commands.ts";

/** Returns a reply when the line is this area's, undefined otherwise. */
export async function modelsAnswer(_line: string): Promise<Reply | undefined> {
  return undefined;
}

export const modelsHelp: string[] = [];
