/**
 * homescale.yaml `omni`: where the Omni cluster templates' patches and machine classes live, and
 * what CI substitutes in them before `omnictl cluster template sync` (seed 001). The defaults
 * reproduce HomeScale's deploy workflow: it copies every `infra/omni/patches/*.yaml` into a
 * `patches/` folder beside the template, substitutes `${CLUSTER_NAME}` with the cluster's folder
 * name, and omnictl resolves `file:` paths relative to the template's folder.
 */
import { Type, type Static } from "@sinclair/typebox";

/** A folder of the repository: relative, no `..`, no leading or doubled slash. */
const REPO_FOLDER_PATTERN = "^(?!/)(?!.*(?:^|/)\\.\\.?(?:/|$))[^/]+(?:/[^/]+)*$";

const RepoFolder = (description: string) => Type.String({ minLength: 1, pattern: REPO_FOLDER_PATTERN, description });

export const Omni = Type.Object(
  {
    patches: Type.Optional(
      RepoFolder("The folder whose *.yaml files CI copies beside each template before the sync. Default: infra/omni/patches."),
    ),
    patchesAs: Type.Optional(
      RepoFolder("The folder, relative to the template, CI copies them into: `file: <patchesAs>/<name>.yaml` finds <patches>/<name>.yaml. Default: patches."),
    ),
    machineClasses: Type.Optional(RepoFolder("The folder of the Omni MachineClass resources (<name>.yaml) CI applies. Default: infra/omni/machineclasses.")),
    variables: Type.Optional(
      Type.Record(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), Type.String(), {
        description:
          "What CI substitutes in the template and its patches (envsubst), by variable name: the value may hold {cluster} (the template's folder name) and {region}. Default: {CLUSTER_NAME: \"{cluster}\"}.",
      }),
    ),
  },
  { additionalProperties: false, description: "Omni cluster templates (clusters/<name>/cluster.yaml): where CI finds their patches and machine classes." },
);

export type OmniT = Static<typeof Omni>;

export const DEFAULT_OMNI_VARIABLES: Readonly<Record<string, string>> = { CLUSTER_NAME: "{cluster}" };
