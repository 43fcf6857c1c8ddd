// Services: the table and its controls are drawn by client/services.ts from /api/status; logs per
// service with a search and follow (SSE).
export const servicesBody = () => `<section class="card"><table id="services" class="wide"><caption class="sr">Services, their state and controls</caption>
<thead><tr><th>name</th><th>state</th><th>pid</th><th>uptime</th><th>restarts</th><th>note</th><th>actions</th></tr></thead><tbody><tr><td colspan="7">loading…</td></tr></tbody></table>
<p id="svc-msg" role="status" aria-live="polite"></p></section>
<section class="card" aria-labelledby="h-logs"><h2 id="h-logs">Logs</h2>
<form id="log-form" class="row"><label>Service <select id="log-service" name="service"><option value="">all</option></select></label>
<label>Search <input id="log-search" name="q" type="search" placeholder="text in the line"></label>
<label class="check"><input id="log-follow" type="checkbox" name="follow"> Follow</label><button type="submit">Show</button></form>
<pre id="logs" class="logs" tabindex="0" aria-label="Log lines" aria-live="off"></pre></section>`;
