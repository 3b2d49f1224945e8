/** The shapes the page reads (the server's own types where it has them). */
import type { Diagnostic } from "../../diag/diagnostic.js";
import type { AccessRule } from "../../graph/access.js";
import type { PlatformSummary } from "../../graph/summary.js";
import type { TraceResult } from "../../graph/trace.js";
import type { Revisions } from "../planner.js";
import type { TopologyView } from "../topology-view.js";
import type { TopoNode } from "../topology.js";

export type { AccessRule, Diagnostic, Revisions, TopologyView, TraceResult };

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface Overview {
  generation: number;
  failure?: string;
  summary: Counts;
  apps: number;
  clusters: PlatformSummary["clusters"];
  publicNames: number;
  policies: number;
  diagnostics: (Diagnostic & { frame: string })[];
}

export interface Status {
  generation: number;
  repo: string;
  summary?: Counts;
  failure?: string;
}

export interface NodeStep {
  kind: string;
  node: { id: string; kind: string; name: string };
  file: string;
  line?: number;
}

export interface NodeInfo {
  generation: number;
  node: TopoNode;
  routes: { key: string; name: string; scope: string; via: string; app: string; cluster: string; target: string; sources?: string[] }[];
  incoming: NodeStep[];
  outgoing: NodeStep[];
}

export interface AccessOptions {
  apps: string[];
  clusters: string[];
  sources: string[];
}
