// Named web console logins: {web_state_dir}/users.json (0600, aios-web), each user a role and a salted
// argon2id hash (Bun.password) of a password the appliance generated and printed once. aiosctl
// web-user changes the file; the console reads it again when it changes, so a removed user or a new
// password ends that user's sessions on their next request.
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { readSecret, writeSecret } from "../secret-file.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { NotFoundError, UserError } from "../../../runtime/errors.ts";
import { isRole, ROLES, type Role } from "./roles.ts";

export interface WebUser { name: string; role: Role; hash: string; created: string }

/** OWASP's argon2id floor: 19 MiB, 2 passes (~0.1–0.2 s here); the console's memory limit is 256 MiB. */
const HASH = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;
const NAME = /^[a-z][a-z0-9_.-]{0,31}$/;

export const usersPath = () => `${setting("web_state_dir")}/users.json`;

export function checkName(name: string): string {
  if (!NAME.test(name)) throw new UserError(`"${name}" is not a user name`, "lower-case letters, digits, . _ - (up to 32), starting with a letter");
  if (name === "token") throw new UserError(`"token" is reserved for the shared token's login`, "pick another name");
  return name;
}

export class UserStore {
  #stamp = "";
  #users = new Map<string, WebUser>();
  #dummy: Promise<string> | undefined;
  constructor(readonly path = usersPath()) {}

  /** The users as the file has them now (read again only when it changed). */
  #load(): Map<string, WebUser> {
    let stamp = "";
    try { const s = statSync(this.path); stamp = `${s.ino}:${s.mtimeMs}:${s.size}`; } catch { /* none yet */ }
    if (stamp === this.#stamp) return this.#users;
    const raw = stamp ? (JSON.parse(readSecret(this.path)) as { users?: Record<string, Omit<WebUser, "name">> }) : {};
    this.#users = new Map(Object.entries(raw.users ?? {}).filter(([, u]) => isRole(u.role)).map(([name, u]) => [name, { ...u, name }]));
    this.#stamp = stamp;
    return this.#users;
  }

  #save(users: Map<string, WebUser>): void {
    const body = { users: Object.fromEntries([...users.values()].map(({ name, ...u }) => [name, u])) };
    writeSecret(this.path, `${JSON.stringify(body, null, 2)}\n`);
  }

  list(): WebUser[] { return [...this.#load().values()].sort((a, b) => a.name.localeCompare(b.name)); }
  get(name: string): WebUser | undefined { return this.#load().get(name); }

  /** Adds a user with a generated password, returned once and stored only as a hash. */
  async add(name: string, role: string): Promise<string> {
    checkName(name);
    if (!isRole(role)) throw new UserError(`"${role}" is not a role`, `one of ${ROLES.join(", ")}`);
    const users = new Map(this.#load());
    if (users.has(name)) throw new UserError(`user ${name} exists`, `aiosctl web-user passwd ${name} gives a new password`);
    const password = newPassword();
    users.set(name, { name, role, hash: await Bun.password.hash(password, HASH), created: new Date().toISOString() });
    this.#save(users);
    return password;
  }

  /** A new generated password; the old one and the user's sessions stop working. */
  async passwd(name: string): Promise<string> {
    const users = new Map(this.#load());
    const u = users.get(name) ?? missing(name);
    const password = newPassword();
    users.set(name, { ...u, hash: await Bun.password.hash(password, HASH) });
    this.#save(users);
    return password;
  }

  remove(name: string): void {
    const users = new Map(this.#load());
    if (!users.delete(name)) missing(name);
    this.#save(users);
  }

  /** The user when the password is right; an unknown name costs the same time as a wrong password. */
  async verify(name: string, password: string): Promise<WebUser | undefined> {
    const u = this.get(name);
    if (!u) { await Bun.password.verify(password, await (this.#dummy ??= Bun.password.hash(randomBytes(16).toString("hex"), HASH))); return undefined; }
    return (await Bun.password.verify(password, u.hash)) ? u : undefined;
  }
}

const missing = (name: string): never => { throw new NotFoundError(`no web user ${name}`, "aiosctl web-user list shows them"); };
const newPassword = () => randomBytes(15).toString("base64url");
