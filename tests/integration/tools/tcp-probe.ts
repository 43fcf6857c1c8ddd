// Run by bun inside a namespace: `serve <port>...` listens (v4+v6) and prints "ready";
// `connect <host> <port>...` prints {"<port>": "open" | "refused" | "dropped"} (dropped = no answer
// before the deadline, which is what a drop policy looks like from outside).
const [mode, ...args] = process.argv.slice(2);
if (mode === "serve") {
  for (const port of args) Bun.listen({ hostname: "::", port: Number(port), socket: { open(s) { s.write("hi\n"); s.end(); }, data() {} } });
  console.log("ready");
} else {
  const [host, ...ports] = args;
  const one = (port: number) => new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve("dropped"), 2000);
    Bun.connect({ hostname: host!, port, socket: {
      data(s) { clearTimeout(timer); resolve("open"); s.end(); },
      connectError() { clearTimeout(timer); resolve("refused"); },
      error() { clearTimeout(timer); resolve("refused"); },
    } }).catch(() => { clearTimeout(timer); resolve("refused"); });
  });
  const out: Record<string, string> = {};
  await Promise.all(ports.map(async (p) => { out[p] = await one(Number(p)); }));
  console.log(JSON.stringify(out));
  process.exit(0); // a dropped SYN would keep the socket (and this process) waiting for minutes
}
export {};
