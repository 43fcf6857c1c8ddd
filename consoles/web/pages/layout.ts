// The shared page shell: navigation, who is logged in with a logout form, the one stylesheet and the
// page's one module (by content hash, with Subresource Integrity). Pages carry no inline script or
// style, so a strict Content-Security-Policy holds; the CSRF token is in a meta tag for the modules.
import type { Context } from "hono";
import { csrfField } from "../auth/csrf.ts";
import { clientBundle, type PageName } from "../assets/bundle.ts";

export const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const NAV: { page: PageName | "terminal"; path: string; label: string }[] = [
  { page: "dashboard", path: "/", label: "Dashboard" },
  { page: "services", path: "/services", label: "Services" },
  { page: "agents", path: "/agents", label: "Agents & incidents" },
  { page: "chat", path: "/chat", label: "Chat" },
  { page: "approvals", path: "/approvals", label: "Approvals" },
  { page: "audit", path: "/audit", label: "Audit" },
  { page: "firewall", path: "/firewall", label: "Firewall" },
  { page: "packages", path: "/packages", label: "Packages" },
  { page: "models", path: "/models", label: "Models" },
  { page: "snapshots", path: "/snapshots", label: "Snapshots & jobs" },
  { page: "settings", path: "/settings", label: "Settings" },
  { page: "terminal", path: "/terminal", label: "Terminal" },
];

/** No inline code or style anywhere: scripts, styles and connections only from this origin. */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function securityHeaders(c: Context): void {
  c.header("content-security-policy", PAGE_CSP);
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  c.header("x-frame-options", "DENY");
}

/** The whole page: `body` is the page's server-rendered HTML (already escaped). */
export async function layout(c: Context, page: PageName, title: string, body: string): Promise<Response> {
  const b = await clientBundle();
  const who = c.get("who");
  const csrf = who?.session?.csrf;
  const js = b.entries[page]!, css = b.css;
  const nav = NAV.map((n) => `<li><a href="${n.path}"${n.page === page ? ' aria-current="page"' : ""}>${esc(n.label)}</a></li>`).join("");
  const user = who ? `<span class="who">${esc(who.user ?? (who.via === "token" ? "admin (token)" : "admin (token login)"))} <small>${esc(who.role)}</small></span>` : "";
  const logout = csrf ? `<form method="post" action="/logout" class="logout">${csrfField(csrf)}<button type="submit" aria-label="Log out">Log out</button></form>` : "";
  securityHeaders(c);
  return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · aiOS</title><meta name="csrf-token" content="${esc(csrf ?? "")}"><meta name="role" content="${esc(who?.role ?? "")}">
<link rel="stylesheet" href="/assets/${css}" integrity="${b.files.get(css)!.integrity}">
<script type="module" src="/assets/${js}" integrity="${b.files.get(js)!.integrity}"></script></head>
<body data-page="${page}"><header class="top"><a class="brand" href="/">aiOS</a>
<button type="button" class="menu" aria-controls="nav" aria-expanded="false" aria-label="Menu">Menu</button>
<nav id="nav" aria-label="Main"><ul>${nav}</ul></nav><div class="account">${user}${logout}</div></header>
<main id="main"><h1>${esc(title)}</h1>${body}</main></body></html>`);
}
