// The names org.aios.Init1 publishes on the bus: one table, so the bridge, the policy file's tests and
// clients agree on every spelling.

export const BUS_NAME = "org.aios.Init1";
export const ROOT_PATH = "/org/aios/Init1";
export const MANAGER_IFACE = "org.aios.Init1";
export const SERVICE_IFACE = "org.aios.Init1.Service";

/** D-Bus error names, by who is at fault (mirrors runtime/errors.ts). */
export const ERRORS = {
  NoSuchService: "org.aios.Init1.Error.NoSuchService",
  InvalidRequest: "org.aios.Init1.Error.InvalidRequest",
  InitUnreachable: "org.aios.Init1.Error.InitUnreachable",
  Failed: "org.aios.Init1.Error.Failed",
} as const;

/**
 * Object path of one service. Path elements allow only [A-Za-z0-9_], so every other byte becomes _xx
 * (hex), as systemd does for unit paths: "console-vga" → /org/aios/Init1/service/console_2dvga.
 */
export function servicePath(id: string): string {
  const label = id.length === 0 ? "_" : [...new TextEncoder().encode(id)]
    .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, "0")}`))
    .join("");
  return `${ROOT_PATH}/service/${label}`;
}

/** The inverse of servicePath's label, for clients that start from a path. */
export function serviceIdFromPath(path: string): string | undefined {
  const prefix = `${ROOT_PATH}/service/`;
  if (!path.startsWith(prefix)) return undefined;
  const label = path.slice(prefix.length);
  if (label === "_") return "";
  const bytes: number[] = [];
  for (let i = 0; i < label.length; i++) {
    if (label[i] === "_") { bytes.push(parseInt(label.slice(i + 1, i + 3), 16)); i += 2; } else bytes.push(label.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
