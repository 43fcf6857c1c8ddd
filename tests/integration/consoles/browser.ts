// A real browser for the web console's page tests: Debian's chromium driven by playwright-core
// (Playwright's own browser download cannot work offline). Shared by the integration and boot tiers.
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
export const NO_BROWSER = "chromium is not installed (apt-get install chromium; build/cmd/deps.sh installs it)";
export const SCREENSHOTS = fileURLToPath(new URL("../../../out/screenshots", import.meta.url));

export async function launch() {
  const { chromium } = await import("playwright-core");
  mkdirSync(SCREENSHOTS, { recursive: true });
  // --no-sandbox: the tests run as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
}

/** navigation start → first contentful paint, from the page's own performance entries (ms). */
export const firstPaintScript = () => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return fcp ? fcp.startTime : null;
};
