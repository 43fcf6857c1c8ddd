// The /terminal page: a full-window xterm.js wired to /api/terminal by client.js. The session's CSRF
// token rides in a meta tag; the WebSocket offers it as a subprotocol (browsers cannot set headers).
import type { AssetName } from "./assets.ts";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function terminalPage(o: { user: string; csrf: string; assets: Record<AssetName, string> }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>aiOS — root shell</title>
<meta name="csrf-token" content="${esc(o.csrf)}">
<link rel="stylesheet" href="${esc(o.assets["xterm.css"])}">
<style>html,body{height:100%;margin:0;background:#111;color:#ddd;font-family:system-ui,sans-serif}
body{display:flex;flex-direction:column}header{padding:.4em .8em;display:flex;gap:1em;align-items:center;font-size:.9em}
header a{color:#9cf}#state{margin-left:auto;color:#aaa}#state.ended{color:#f88}#term{flex:1;min-height:0;padding:0 .3em .3em}</style></head>
<body><header><a href="/">aiOS</a><span>root shell for ${esc(o.user)} — its start and end are audited; closing this tab ends it</span><span id="state">connecting…</span></header>
<div id="term"></div>
<script src="${esc(o.assets["xterm.js"])}"></script>
<script src="${esc(o.assets["addon-fit.js"])}"></script>
<script src="${esc(o.assets["client.js"])}"></script>
</body></html>`;
}
