// Builds the image once for every boot test file (they share out/).
import { buildOnce } from "./helpers.ts";

export default async function setup(): Promise<void> {
  await buildOnce();
}
