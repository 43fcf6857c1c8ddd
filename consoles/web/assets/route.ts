// GET /assets/<name>-<hash>.<ext>: the bundled client code and CSS. The name carries a hash of the
// content, so a file never changes under its name: cached for a year, immutable. Served before the
// login (the login page uses the CSS; the code holds no secrets).
import type { Hono } from "hono";
import { clientBundle } from "./bundle.ts";

export function mountAssets(app: Hono): void {
  app.get("/assets/:file", async (c) => {
    const a = (await clientBundle()).files.get(c.req.param("file"));
    if (!a) return c.json({ error: `no asset ${c.req.param("file")}`, hint: "asset names change with each build: reload the page" }, 404);
    return c.body(a.body as Uint8Array<ArrayBuffer>, 200, { "content-type": a.type, "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" });
  });
}
