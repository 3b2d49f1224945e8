/**
 * wg-quick files as the lab reads them (wg-quick(8)): sections of `Key = value` lines. The lab does
 * what wg-quick does with them, in a network namespace: `wg setconf` gets the file without the
 * wg-quick-only keys (what `wg-quick strip` leaves), with the references filled in (the run's
 * private key, the run's public key of the other end); Address, Table and AllowedIPs become
 * addresses, routes and rules. The only PostUp lines homescale writes are understood here, and any
 * other line is refused rather than guessed at.
 */
export interface WgSection {
  name: string;
  entries: { key: string; value: string }[];
}

export function parseWgConf(text: string): WgSection[] {
  const out: WgSection[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      out.push({ name: section[1]!, entries: [] });
      continue;
    }
    const kv = /^(\w+)\s*=\s*(.*)$/.exec(line);
    if (!kv || out.length === 0) throw new Error(`not a wg-quick line: ${raw}`);
    out.at(-1)!.entries.push({ key: kv[1]!, value: kv[2]! });
  }
  return out;
}

export function values(s: WgSection | undefined, key: string): string[] {
  return (s?.entries ?? []).filter((e) => e.key === key).map((e) => e.value);
}

/** What wg-quick does beyond `wg setconf`, from one file. */
export interface WgQuick {
  /** Address lines: address/prefix. */
  addresses: string[];
  listenPort?: number;
  /** wg-quick's Table: where AllowedIPs routes go (undefined: main). */
  table?: number;
  /** `ip rule add from X table N` PostUp lines. */
  rules: { from: string; table: number }[];
  /** sysctl settings from PostUp. */
  sysctls: { key: string; value: string }[];
  /** The private key's reference, from `wg set %i private-key ...`. */
  keyReference?: string;
  peers: { publicKey: string; endpoint?: string; allowedIPs: string[]; keepalive?: number }[];
}

const SETCONF_KEYS = { Interface: ["ListenPort", "FwMark"], Peer: ["PublicKey", "PresharedKey", "AllowedIPs", "Endpoint", "PersistentKeepalive"] } as const;

export function readWgQuick(text: string): WgQuick {
  const sections = parseWgConf(text);
  const iface = sections.find((s) => s.name === "Interface");
  if (!iface) throw new Error("no [Interface] section");
  const q: WgQuick = { addresses: values(iface, "Address").flatMap((v) => v.split(",").map((x) => x.trim())), rules: [], sysctls: [], peers: [] };
  const port = values(iface, "ListenPort")[0];
  if (port !== undefined) q.listenPort = Number(port);
  const table = values(iface, "Table")[0];
  if (table !== undefined && table !== "auto") q.table = Number(table);
  for (const cmd of values(iface, "PostUp")) {
    let m: RegExpExecArray | null;
    if ((m = /^wg set %i private-key (.+)$/.exec(cmd))) q.keyReference = m[1]!;
    else if ((m = /^sysctl -q -w ([\w.]+)=(\w+)$/.exec(cmd))) q.sysctls.push({ key: m[1]!, value: m[2]! });
    else if ((m = /^ip rule add from (\S+) table (\d+)$/.exec(cmd))) q.rules.push({ from: m[1]!, table: Number(m[2]) });
    else throw new Error(`PostUp the lab does not know how to run: ${cmd}`);
  }
  for (const cmd of values(iface, "PostDown")) if (!/^ip rule del from \S+ table \d+$/.test(cmd)) throw new Error(`PostDown the lab does not know: ${cmd}`);
  if (values(iface, "PrivateKey").length > 0) throw new Error("the file holds a private key");
  for (const s of sections.filter((x) => x.name === "Peer")) {
    const peer: WgQuick["peers"][number] = { publicKey: values(s, "PublicKey")[0] ?? "", allowedIPs: values(s, "AllowedIPs").flatMap((v) => v.split(",").map((x) => x.trim())) };
    const ep = values(s, "Endpoint")[0];
    if (ep !== undefined) peer.endpoint = ep;
    const ka = values(s, "PersistentKeepalive")[0];
    if (ka !== undefined) peer.keepalive = Number(ka);
    q.peers.push(peer);
  }
  return q;
}

/**
 * The file as `wg setconf` takes it: only its keys, the run's private key in [Interface], and each
 * peer's public key replaced by the run's (the file's is the real host's, whose private key the
 * lab does not have). The text holds a private key: the caller writes it 0600 and never prints it.
 */
export function setconfText(text: string, privateKey: string, peerPublicKeys: readonly string[]): string {
  const lines: string[] = [];
  let peer = -1;
  for (const s of parseWgConf(text)) {
    lines.push(`[${s.name}]`);
    if (s.name === "Interface") lines.push(`PrivateKey = ${privateKey}`);
    if (s.name === "Peer") peer++;
    const keep = SETCONF_KEYS[s.name as keyof typeof SETCONF_KEYS] ?? [];
    for (const e of s.entries) {
      if (!(keep as readonly string[]).includes(e.key)) continue;
      lines.push(`${e.key} = ${e.key === "PublicKey" ? (peerPublicKeys[peer] ?? e.value) : e.value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
