// People's roles, one ladder for every way in that names a person (the web console's logins, the
// executor's web socket that acts for them): viewers read; operators also decide approvals, chat and
// control services; admins do everything, users, settings and root shells included.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

export const allows = (have: Role, need: Role) => RANK[have] >= RANK[need];
