// Who may do what at the web console. Viewers read; operators also decide approvals, chat with the
// front agent and control services; admins do everything, users and settings included. A request's
// method and path name the role it needs; the guard compares it with the caller's.
import type { Role } from "../../../runtime/policy/people.ts";

export { allows, isRole, ROLES, type Role } from "../../../runtime/policy/people.ts";

/** Paths only admins may change (users, settings), whatever the method. */
const ADMIN = [/^\/api\/users(\/|$)/, /^\/api\/settings(\/|$)/, /^\/api\/config(\/|$)/];
/** Changes only admins may make (a new model runs on the appliance). */
const ADMIN_CHANGES = [/^\/api\/models\/upload$/];

/** The role a request needs: reading is for everyone who logged in, changing for operators, users and settings for admins. */
export function roleFor(method: string, path: string): Role {
  if (ADMIN.some((r) => r.test(path))) return "admin";
  if (path === "/logout") return "viewer";
  if (ADMIN_CHANGES.some((r) => r.test(path)) && !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) return "admin";
  return ["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase()) ? "viewer" : "operator";
}
