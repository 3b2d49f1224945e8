/**
 * WireGuard keys as wg-quick reads them: never a private key (DESIGN.md: no secret is written).
 * wg-quick accepts a config without PrivateKey and runs PostUp after the interface exists, so the
 * key reference becomes `wg set %i private-key ...` from a file or, through bash's process
 * substitution, an environment variable. A public key not set in homescale.yaml is a placeholder
 * wg rejects, so a config that was never filled in cannot come up half-configured (HS153 warns).
 */
import type { Edge, EdgeSide } from "../../../model/layers.js";
import type { KeyReferenceT } from "../../../schema/layers/edges.js";

export function privateKeyPostUp(ref: KeyReferenceT): string {
  return "file" in ref ? `wg set %i private-key ${ref.file}` : `wg set %i private-key <(printenv ${ref.env})`;
}

export function describeKeyReference(ref: KeyReferenceT): string {
  return "file" in ref ? `the file ${ref.file}` : `the environment variable ${ref.env}`;
}

/** What the other side's [Peer] says this side's public key is. */
export function publicKeyValue(edge: Edge, which: "vps" | "home", side: EdgeSide): string {
  return side.publicKey ?? `(unset: edges.${edge.name}.wireguard.${which}.publicKey)`;
}
