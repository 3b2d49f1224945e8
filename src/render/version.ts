/**
 * The homescale version that rendered objects name (the Argo CD plugin's spec.version). Kept here,
 * in the pure core, so renderers need not reach into the CLI for it; a test holds it equal to
 * package.json's version.
 */
export const HOMESCALE_VERSION = "0.1.0";
