// Secrets are never logged: drive the flows that handle them (web logins with the token, a wrong
// password, the token in a URL, the Bearer API, a cloud key in secrets.toml sent to a provider that
// echoes it back in its error, a secrets.toml readable by others, `aiosctl web-token --rotate`), then
// look for every secret value in everything the appliance keeps: service logs, the audit export,
// /var/log, and every file under the state disk, /run, /etc and /tmp. The only files allowed to hold
// a secret are the stores that exist to hold it.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { GUEST_IP, HOST_IP, type TapNet } from "../../../tests/boot/tapnet.ts";

export interface SecretsReport {
  secrets: number;
  /** The fake provider saw the cloud key: the key was really used, so a clean log means something. */
  keyUsed: boolean;
  /** A secrets.toml that others can read is refused, and the refusal says why. */
  looseRefused: { refused: boolean; message: string };
  /** Hits per haystack (must all be 0). */
  hits: Record<string, number>;
  /** Files holding a secret that are not its store (must be empty), with which secrets and where. */
  strayFiles: Holder[];
  /** Root-only copies of a store that snapshots keep for rollback (allowed; a looser mode is a stray). */
  storeCopies: Holder[];
  /** HTTP codes: wrong password, token login, Bearer, token in a URL, new token login, old token Bearer. */
  codes: string[];
}

const PROVIDER_PORT = 8099;
const NEEDLES = "/run/aios-access-needles";
/** Where each secret may live: the web token file and secrets.toml. */
// /etc lives in the overlay over the read-only image: its upper layer on the state disk holds the same
// file as /etc/aios/secrets.toml, not a copy of it.
const STORES = ["/var/lib/aios/web/token", "/etc/aios/secrets.toml", "/var/lib/aios/overlay/factory/upper/etc/aios/secrets.toml"];
const NAMES = ["web token", "web token after --rotate", "a wrong login password", "cloud api key"];
const FINDER = readFileSync(new URL("find-secrets.js", import.meta.url), "utf8");

export interface Holder { file: string; mode: string; uid: number; secrets: string[]; where: string[] }

export async function secretsCampaign(net: TapNet, extraLogs: () => string): Promise<SecretsReport> {
  const web = `https://${GUEST_IP}:9090`;
  const curl = (args: string[]) => net.run(["curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30", ...args]);
  const token1 = (await net.ssh("aiosctl web-token 2>/dev/null")).stdout.trim();
  const wrong = `wrong-${randomBytes(9).toString("base64url")}`;
  const cloudKey = `sk-leaktest-${randomBytes(15).toString("base64url")}`;
  if (!token1) throw new Error("aiosctl web-token printed nothing");

  const codes = [
    await curl(["-X", "POST", "--data-urlencode", "name=", "--data-urlencode", `password=${wrong}`, `${web}/login`]),
    await curl(["-X", "POST", "--data-urlencode", "name=", "--data-urlencode", `password=${token1}`, `${web}/login`]),
    await curl(["-H", `authorization: Bearer ${token1}`, `${web}/v1/models`]),
    await curl([`${web}/api/session?token=${token1}`]),
  ].map((r) => r.stdout);

  // A provider that answers 401 and echoes the key it was sent, as some do in their error bodies.
  let seen = "";
  const provider = net.run(["bun", "-e", `Bun.serve({ hostname: "${HOST_IP}", port: ${PROVIDER_PORT}, fetch(req) {
    console.log(req.headers.get("authorization") ?? req.headers.get("x-api-key") ?? "");
    return Response.json({ error: { message: "invalid api key " + (req.headers.get("authorization") ?? req.headers.get("x-api-key")) } }, { status: 401 });
  } }); setTimeout(() => process.exit(0), 120000);`], { timeoutMs: 130_000 }).then((r) => { seen = r.stdout; });
  await Bun.sleep(1500);
  await net.ssh([
    `printf '[providers.leaktest]\\napi_key = "${cloudKey}"\\n' > /etc/aios/secrets.toml`, "chmod 600 /etc/aios/secrets.toml",
    `printf '\\n[[remote]]\\nprovider = "leaktest"\\nkind = "openai"\\nbase_url = "http://${HOST_IP}:${PROVIDER_PORT}/v1"\\nmodel = "leak-1"\\n' >> /etc/aios/models.toml`,
  ].join(" && "));
  await net.ssh(`aiosctl ask --tier remote "say hello" 2>&1; aiosctl ask "say hello" 2>&1; true`);
  // A loose copy named by AIOS_SECRETS: chmod 644 on the real file races the security agent, which
  // tightens it back (snapshotting it first) before aiosctl may have read it.
  const loose = await net.ssh("L=/root/aios-loose-secrets.toml; install -m 644 /etc/aios/secrets.toml $L; AIOS_SECRETS=$L aiosctl config check 2>&1; AIOS_SECRETS=$L aiosctl ask --tier remote 'say hello' 2>&1; rm -f $L");
  await net.run(["curl", "-s", "--max-time", "5", `http://${HOST_IP}:${PROVIDER_PORT}/stop`]).catch(() => undefined);

  const token2 = (await net.ssh("aiosctl web-token --rotate 2>/dev/null")).stdout.trim();
  codes.push((await curl(["-X", "POST", "--data-urlencode", "name=", "--data-urlencode", `password=${token2}`, `${web}/login`])).stdout);
  codes.push((await curl(["-H", `authorization: Bearer ${token1}`, `${web}/v1/models`])).stdout); // the old token, refused now

  // The needles go to a file under /run (tmpfs), which the sweep leaves out, and are removed after.
  const list = [token1, token2, wrong, cloudKey];
  await net.ssh(`umask 077; cat > ${NEEDLES}`, { stdin: list.join("\n") + "\n" });
  const count = async (command: string) => Number((await net.ssh(`(${command}) 2>&1 | grep -caF -f ${NEEDLES}`)).stdout.trim() || 0);
  const hits: Record<string, number> = {
    "aiosctl logs (all services)": await count("aiosctl logs -n 1000000"),
    "aiosctl audit export": await count("aiosctl audit export"),
    "/var/log": await count("find /var/log -type f -exec cat {} +"),
    "serial console": extraLogs().split("\n").filter((l) => list.some((s) => l.includes(s))).length,
  };
  const sweep = await net.ssh(`grep -rlaF -f ${NEEDLES} /var/lib/aios /var/log /run /etc /tmp /root 2>/dev/null`);
  const files = sweep.stdout.split("\n").filter((f) => f && f !== NEEDLES && f !== `${NEEDLES}.js` && !STORES.includes(f));
  await net.ssh(`cat > ${NEEDLES}.js`, { stdin: FINDER });
  const found = await net.ssh(`BUN_BE_BUN=1 /usr/bin/aios ${NEEDLES}.js ${NEEDLES} ${files.join(" ")}; rm -f ${NEEDLES} ${NEEDLES}.js`);
  const holders = files.length ? found.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => {
    const h = JSON.parse(l) as Omit<Holder, "secrets"> & { held: number[] };
    return { file: h.file, mode: h.mode, uid: h.uid, secrets: h.held.map((i) => NAMES[i]!), where: h.where };
  }) : [];
  if (holders.length !== files.length) throw new Error(`find-secrets.js answered for ${holders.length} of ${files.length} files: ${found.stderr.slice(-500)}`);
  const isCopy = (h: Holder) => h.file.startsWith("/var/lib/aios/snapshots/") && h.uid === 0 && (parseInt(h.mode, 8) & 0o077) === 0;
  await provider;
  return {
    secrets: 4, keyUsed: seen.includes(cloudKey),
    looseRefused: { refused: /0644|must not be readable|chmod 600/.test(loose.stdout) && !loose.stdout.includes(cloudKey), message: (/.*(0644|chmod 600).*/.exec(loose.stdout)?.[0] ?? loose.stdout.slice(0, 300)).trim() },
    hits, strayFiles: holders.filter((h) => !isCopy(h)), storeCopies: holders.filter(isCopy),
    codes,
  };
}

