/** Helpers for the dashboard's tests: raw HTTP to a running server, and the event stream. */
import http from "node:http";
import net from "node:net";

export interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One request written byte for byte on a socket: the path goes out exactly as given (a client
 * library would normalise `..` and re-encode), which is what a traversal test must send.
 */
export function rawGet(port: number, target: string, host = `127.0.0.1:${port}`, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    let data = "";
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => (data += d));
    sock.on("error", reject);
    sock.on("end", () => {
      const at = data.indexOf("\r\n\r\n");
      const head = data.slice(0, at).split("\r\n");
      const status = Number(head[0]!.split(" ")[1]);
      const headers: Record<string, string> = {};
      for (const l of head.slice(1)) {
        const c = l.indexOf(":");
        headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
      }
      resolve({ status, headers, body: data.slice(at + 4) });
    });
    const hostLine = host === "" ? "" : `Host: ${host}\r\n`;
    sock.write(`${method} ${target} HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`);
  });
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** The server's event stream: resolves with the data of the first `update` that satisfies `want`. */
export function nextUpdate(url: string, want: (d: { generation: number }) => boolean, timeoutMs = 10_000): { ready: Promise<void>; update: Promise<{ generation: number }> } {
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const update = new Promise<{ generation: number }>((resolve, reject) => {
    const req = http.get(`${url}events`, (res) => {
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const msg = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (msg.includes("event: hello")) ready();
          const m = /^event: update\ndata: (.*)$/m.exec(msg);
          if (m) {
            const d = JSON.parse(m[1]!) as { generation: number };
            if (want(d)) {
              clearTimeout(timer);
              req.destroy();
              resolve(d);
            }
          }
        }
      });
    });
    req.on("error", () => undefined);
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error("no update event in time"));
    }, timeoutMs);
  });
  return { ready: readyP, update };
}
