// The terminal page's files as `bun build --compile` embeds them: with { type: "file" } makes each
// import the file's path ($bunfs in the binary). Imported only when the files are not on disk, since
// vitest (vite) would run these imports as code.
import xtermJs from "@xterm/xterm/lib/xterm.js" with { type: "file" };
import xtermCss from "@xterm/xterm/css/xterm.css" with { type: "file" };
import fitJs from "@xterm/addon-fit/lib/addon-fit.js" with { type: "file" };
import clientJs from "./client.js" with { type: "file" };

export const EMBEDDED = { "xterm.js": xtermJs, "xterm.css": xtermCss, "addon-fit.js": fitJs, "client.js": clientJs };
