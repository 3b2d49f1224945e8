/** A VPS edge (seed 004): the VPS's WireGuard and nftables, home's WireGuard and HAProxy, per edge. */
import type { EdgeRouting } from "../../../platform/routes/edge.js";
import type { UnitTarget } from "../../target.js";
import { homeHaproxy } from "./haproxy.js";
import { vpsNftables } from "./nftables.js";
import { homeWireguard, vpsWireguard } from "./wireguard.js";

export const edgeHosts: UnitTarget<EdgeRouting> = {
  id: "edge",
  layer: "edge",
  layerLabel: "Edges",
  scope: "edge",
  description: "edges/<edge>/vps/{wg0.conf,nftables.conf}, edges/<edge>/home/{wg0.conf,haproxy.cfg}: the VPS's WireGuard and firewall, home's WireGuard and HAProxy",
  diff: { by: "file" },
  units: (ctx) => ctx.index.routing.edges,
  unitName: (er) => er.edge.name,
  unitCluster: (er) => er.edge.cluster,
  render: (_ctx, er) => {
    const dir = `edges/${er.edge.name}`;
    return [
      { path: `${dir}/vps/wg0.conf`, text: vpsWireguard(er) },
      { path: `${dir}/vps/nftables.conf`, text: vpsNftables(er) },
      { path: `${dir}/home/wg0.conf`, text: homeWireguard(er) },
      { path: `${dir}/home/haproxy.cfg`, text: homeHaproxy(er) },
    ];
  },
};
