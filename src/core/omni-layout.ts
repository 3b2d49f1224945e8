/**
 * Where HomeScale keeps what its Omni cluster templates use (seed 001, its deploy workflow): the
 * patches CI copies beside each template (`<patches>/*.yaml` into `<patchesAs>/`), and the
 * machine classes it applies. Defaults of homescale.yaml's `omni` block; the loaders read there.
 */
export const DEFAULT_OMNI_PATCHES = "infra/omni/patches";
export const DEFAULT_OMNI_PATCHES_AS = "patches";
export const DEFAULT_OMNI_MACHINE_CLASSES = "infra/omni/machineclasses";
/** The template of each cluster: clusters/<name>/cluster.yaml (CI finds exactly these). */
export const OMNI_TEMPLATE_NAME = "cluster.yaml";
