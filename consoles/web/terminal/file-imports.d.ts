// Files the terminal page serves, imported `with { type: "file" }` so `bun build --compile` embeds
// them: each import's value is the file's path (on disk, or in the binary's $bunfs).
declare module "@xterm/xterm/lib/xterm.js" { const path: string; export default path; }
declare module "@xterm/xterm/css/xterm.css" { const path: string; export default path; }
declare module "@xterm/addon-fit/lib/addon-fit.js" { const path: string; export default path; }
declare module "*/client.js" { const path: string; export default path; }
