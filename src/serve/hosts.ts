/**
 * Which Host headers the server answers. A page on another site can make a browser send requests
 * to 127.0.0.1 under its own name (DNS rebinding: evil.example resolving to 127.0.0.1), so a
 * request is served only when it names this server as the user would: a loopback name, or the
 * address it was told to bind, with the port it listens on.
 */
import net from "node:net";
import os from "node:os";

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  return net.isIPv4(h) && h.startsWith("127.");
}

/** host:port as it appears in a URL and a Host header (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  const h = host.replace(/^\[|\]$/g, "");
  return `${net.isIPv6(h) ? `[${h}]` : h}:${port}`;
}

/** The Host header values (lowercase) that name this server. */
export function allowedHosts(bound: string, port: number): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "::1"]);
  const b = bound.replace(/^\[|\]$/g, "");
  if (b === "0.0.0.0" || b === "::") {
    // Every address of the machine, and its name: what someone on the network would type.
    names.add(os.hostname());
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.address.replace(/%.*$/, ""));
  } else names.add(b);
  const out = new Set<string>();
  for (const n of names) {
    out.add(hostPort(n, port).toLowerCase());
    if (port === 80) out.add(hostPort(n, port).replace(/:80$/, "").toLowerCase()); // a browser leaves the default port out
  }
  return out;
}
