// The browser half of /terminal: xterm.js (+ the fit addon) on a WebSocket to /api/terminal. Binary
// frames are the shell's bytes both ways; text frames are JSON (resize out, exit/error in). The
// window's size decides the terminal's; closing the tab closes the socket, which ends the shell.
(() => {
  const el = document.getElementById("term");
  const state = document.getElementById("state");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const term = new Terminal({ cursorBlink: true, fontSize: 14, fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", scrollback: 5000 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(el);
  fit.fit();
  const show = (text, ended) => { state.textContent = text; state.className = ended ? "ended" : ""; };

  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${scheme}//${location.host}/api/terminal?cols=${term.cols}&rows=${term.rows}`, ["aios.terminal", `csrf.${csrf}`]);
  ws.binaryType = "arraybuffer";
  const enc = new TextEncoder();
  const send = (data) => { if (ws.readyState === WebSocket.OPEN) ws.send(data); };

  ws.onopen = () => { show("connected"); term.focus(); };
  ws.onmessage = (e) => {
    if (typeof e.data !== "string") { term.write(new Uint8Array(e.data)); return; }
    const m = JSON.parse(e.data);
    if (m.type === "exit") show(`shell ended (${m.reason}${m.code !== null ? `, exit ${m.code}` : m.signal ? `, ${m.signal}` : ""})`, true);
    if (m.type === "error") { term.write(`\r\n\x1b[31m${m.error}\x1b[0m\r\n${m.hint ?? ""}\r\n`); show("error", true); }
  };
  ws.onclose = (e) => { if (state.className !== "ended") show(`disconnected${e.reason ? `: ${e.reason}` : ""}`, true); };

  term.onData((d) => send(enc.encode(d)));
  term.onBinary((d) => send(Uint8Array.from(d, (ch) => ch.charCodeAt(0))));
  term.onResize(({ cols, rows }) => send(JSON.stringify({ type: "resize", cols, rows })));
  new ResizeObserver(() => fit.fit()).observe(el);
  addEventListener("pagehide", () => ws.close(1000, "tab closed"));
  window.aiosTerminal = { term, ws };
})();
