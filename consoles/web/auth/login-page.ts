// The login form: a name and a password, posted (never a token in a URL). The shared token logs in
// as the admin with the name left empty. Plain HTML, no scripts.
const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function loginPage(message?: string, name = ""): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>aiOS login</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:28em}label{display:block;margin:.6em 0}input{width:100%;padding:.3em}.msg{color:#b00}</style></head><body>
<h1>aiOS</h1>${message ? `<p class="msg">${esc(message)}</p>` : ""}
<form method="post" action="/login">
<label>User <input name="name" autocomplete="username" value="${esc(name)}" placeholder="empty: log in with the token"></label>
<label>Password or token <input name="password" type="password" autocomplete="current-password" required></label>
<button>Log in</button></form>
<p><small>Named users: <code>aiosctl web-user add &lt;name&gt; --role viewer|operator|admin</code>. The token: <code>aiosctl web-token</code> over ssh, or <code>/web</code> on the serial console.</small></p>
</body></html>`;
}
