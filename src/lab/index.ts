/**
 * `homescale lab`: the shell that runs an edge's generated files with the real daemons in network
 * namespaces (see up.ts, probe.ts, down.ts). Needs root and Debian's wireguard-go, wireguard-tools,
 * nftables, haproxy, nginx-light, iproute2, curl and openssl.
 */
export { edgeExpectations, type EdgeExpectation } from "./expect.js";
export { FilesError } from "./files.js";
export { LabError } from "./proc.js";
export { TopologyError } from "./topology.js";
export { Aborted, labUp, newState, type LabPlan } from "./up.js";
export { probe, type Check } from "./probe.js";
export { downable, strayNamespaces, sweep, teardown } from "./down.js";
export { ownerAlive, readStates, type LabState } from "./state.js";

/** The programs the lab runs, with the Debian package of each. */
export const LAB_PROGRAMS: readonly { program: string; pkg: string }[] = [
  { program: "ip", pkg: "iproute2" },
  { program: "ss", pkg: "iproute2" },
  { program: "wireguard-go", pkg: "wireguard-go" },
  { program: "wg", pkg: "wireguard-tools" },
  { program: "nft", pkg: "nftables" },
  { program: "haproxy", pkg: "haproxy" },
  { program: "nginx", pkg: "nginx-light" },
  { program: "curl", pkg: "curl" },
  { program: "openssl", pkg: "openssl" },
];
