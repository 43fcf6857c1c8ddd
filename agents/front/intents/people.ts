// Users and ssh keys: plans for the security agent, which holds those tools. Removing root's last key
// is refused by the lock-out guard; adding a key is shown by fingerprint before approval.
import type { Handler } from "../types.ts";
import { read } from "../types.ts";
import { bullet } from "./format.ts";

interface User { name: string; uid: number; home: string; shell: string }
interface Key { fingerprint: string; type: string; comment: string }

export const listUsers: Handler = async (_s, ctx) => {
  const users = await read<User[]>(ctx, "users.list");
  const people = users.filter((u) => u.uid === 0 || u.uid >= 1000);
  return { text: `Login users:\n${bullet(people.map((u) => `${u.name} (uid ${u.uid}, ${u.shell})`))}\n(${users.length - people.length} system accounts not shown)` };
};

export const addUser: Handler = async (slots) => ({
  text: `Plan: add user ${slots.user} with a home directory and /bin/bash, no password (log in with an ssh key: "add key … for ${slots.user}").`,
  plan: { title: `add user ${slots.user}`, steps: [{ tool: "users.add", input: { name: slots.user, shell: "/bin/bash" }, why: `the operator asked to add user ${slots.user}` }] },
});

export const removeUser: Handler = async (slots) => {
  if (slots.user === "root") return { text: "I won't remove root." };
  return {
    text: `Plan: remove user ${slots.user} (the home directory is kept).`,
    plan: { title: `remove user ${slots.user}`, steps: [{ tool: "users.remove", input: { name: slots.user }, why: `the operator asked to remove user ${slots.user}` }] },
  };
};

export const listKeys: Handler = async (slots, ctx) => {
  const user = slots.user ?? "root";
  const keys = await read<Key[]>(ctx, "ssh.keys", { user });
  return { text: keys.length ? `ssh keys of ${user}:\n${bullet(keys.map((k) => `${k.type} ${k.fingerprint} ${k.comment}`))}` : `${user} has no ssh keys.` };
};

export const addKey: Handler = async (slots) => {
  const user = slots.user ?? "root";
  return {
    text: `Plan: add this ssh key to ${user}'s authorized_keys.`,
    plan: { title: `add an ssh key for ${user}`, steps: [{ tool: "ssh.key_add", input: { user, key: slots.key }, why: `the operator asked to add a key for ${user}` }] },
  };
};

export const removeKey: Handler = async (slots, ctx) => {
  const user = slots.user ?? "root";
  const keys = await read<Key[]>(ctx, "ssh.keys", { user });
  const match = keys.filter((k) => slots.key && (k.fingerprint === slots.key || k.comment === slots.key));
  if (match.length !== 1) return { text: `Which key? ${user}'s keys:\n${bullet(keys.map((k) => `${k.fingerprint} ${k.comment}`))}\nSay "remove key <fingerprint or comment>".` };
  return {
    text: `Plan: remove key ${match[0]!.fingerprint} (${match[0]!.comment}) from ${user}. Root's last key is never removed.`,
    plan: { title: `remove an ssh key of ${user}`, steps: [{ tool: "ssh.key_remove", input: { user, fingerprint: match[0]!.fingerprint }, why: `the operator asked to remove a key of ${user}` }] },
  };
};
