/**
 * `lab test`: real requests from the client namespace. For every public name on the edge and every
 * port it forwards, a request to the address public DNS gives the name (the generated records),
 * with the name as Host and SNI: HTTPS must reach the name's app, HTTP the gateway's redirect to
 * HTTPS, and either way the gateway must have seen the address PROXY and masquerade predict. Every
 * port the edge does not forward (22, 8080, the `to` ports) must be dropped: no answer at all, not
 * even a refusal. The management port must get to the VPS itself. Requests go only to the edge's
 * address inside the lab: a name that DNS sends anywhere else fails without a packet sent.
 */
import { contains, parseRange } from "../platform/addressing.js";
import { phase, run } from "./proc.js";
import { probeHost, type LabPlan } from "./up.js";

export interface Check {
  name: string;
  port: number;
  expect: "reach" | "drop";
  result: "pass" | "fail";
  detail: string;
}

/** Who the gateway should have seen, as an address, and why. */
function predicted(plan: LabPlan): { address: string; why: string } {
  const x = plan.expectation;
  const t = plan.topology;
  if (x.sees === "client") return { address: t.client, why: "PROXY v2 and no masquerade: the client's own address" };
  if (x.sees === "vps") return { address: x.vpsTunnel, why: "PROXY v2 with masquerade: the VPS's tunnel address" };
  return { address: t.homeLan, why: "no PROXY: HAProxy's own address" };
}

const curlExit: Record<number, string> = { 6: "could not resolve", 7: "refused", 28: "timed out", 35: "TLS handshake failed", 52: "empty reply", 56: "connection reset", 60: "certificate not trusted" };

async function curl(plan: LabPlan, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await run("ip", ["netns", "exec", plan.topology.ns.client, "curl", "-sS", "-i", "--noproxy", "*", ...args], { timeoutMs: 8000 });
  return { code: r.code ?? -1, out: r.stdout, err: r.stderr.trim() };
}

async function reach(plan: LabPlan, name: string, app: string, port: number, backend: number): Promise<Check> {
  const host = probeHost(name);
  const address = plan.resolved[name];
  const base = { name, port, expect: "reach" as const };
  if (address !== plan.topology.edge) {
    return { ...base, result: "fail", detail: `public DNS (terraform/cloudflare.tf.json) sends ${host} to ${address ?? "nowhere"}, not to the edge's ${plan.topology.edge}; nothing sent` };
  }
  const want = predicted(plan);
  const tls = backend === 443;
  const url = `${tls ? "https" : "http"}://${host}:${port}/`;
  const r = await curl(plan, ["--connect-timeout", "2", "--max-time", "4", "--cacert", plan.cert, "--resolve", `${host}:${port}:${address}`, url]);
  if (r.code !== 0) return { ...base, result: "fail", detail: `${url}: ${curlExit[r.code] ?? `curl exit ${r.code}`} (${r.err})` };
  const [head = "", body = ""] = r.out.split(/\r?\n\r?\n/, 2);
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1] ?? 0);
  if (tls) {
    let answer: { app?: string; client?: string; host?: string } = {};
    try {
      answer = JSON.parse(body) as typeof answer;
    } catch {
      // not the backend's answer: said below
    }
    const ok = status === 200 && answer.app === app && answer.client === want.address;
    const saw = answer.app === undefined ? `HTTP ${status}, not an app's answer` : `HTTP ${status} from app ${answer.app}; the gateway saw client ${answer.client} (predicted ${want.address}: ${want.why})`;
    return { ...base, result: ok ? "pass" : "fail", detail: `${url}: ${saw}${answer.app !== undefined && answer.app !== app ? `; expected app ${app}` : ""}` };
  }
  const location = /^location:\s*(\S+)/im.exec(head)?.[1];
  const client = /^x-homescale-lab-client:\s*(\S+)/im.exec(head)?.[1];
  const ok = status === plan.redirect && location === `https://${host}/` && client === want.address;
  return { ...base, result: ok ? "pass" : "fail", detail: `${url}: HTTP ${status}${location ? ` -> ${location}` : ""} (the gateway's redirect to HTTPS; expected ${plan.redirect} -> https://${host}/); the gateway saw client ${client ?? "?"} (predicted ${want.address}: ${want.why})` };
}

async function dropped(plan: LabPlan, port: number, expect: "reach" | "drop", why = ""): Promise<Check> {
  const address = plan.topology.edge;
  const r = await curl(plan, ["--connect-timeout", "1", "--max-time", "2", `http://${address}:${port}/`]);
  const answered = r.code !== 28;
  const what = r.code === 28 ? "no answer within 1 s (dropped)" : r.code === 7 ? "refused by the VPS (let in, nothing listens)" : `answered (${curlExit[r.code] ?? `curl exit ${r.code}`})`;
  const pass = expect === "drop" ? !answered : answered;
  return { name: address, port, expect, result: pass ? "pass" : "fail", detail: `tcp ${port}: ${what}${why}` };
}

export async function probe(plan: LabPlan): Promise<Check[]> {
  const x = plan.expectation;
  const jobs: Promise<Check>[] = [];
  for (const n of x.names) for (const p of x.forwarded) jobs.push(reach(plan, n.name, n.app, p.listen, p.backend));
  // The drops wait out their timeouts side by side.
  for (const port of x.drops) jobs.push(dropped(plan, port, "drop"));
  // The management port lets in the sources it names (any without `from`), and drops the others.
  const m = x.management;
  if (m !== undefined) {
    const client = parseRange(plan.topology.client)!;
    const allowed = m.from === undefined || m.from.some((r) => { const x = parseRange(r); return x !== undefined && contains(x, client); });
    jobs.push(dropped(plan, m.port, allowed ? "reach" : "drop", allowed ? "; the management port reaches the VPS itself" : `; the management port admits only ${m.from!.join(", ")}, not the client ${plan.topology.client}`));
  }
  const checks = await Promise.all(jobs);
  phase("probes");
  return checks;
}
