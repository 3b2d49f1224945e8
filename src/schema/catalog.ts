/**
 * apps/values.yaml: the catalog-wide defaults of HomeScale's chart. It is a Helm values file, so
 * keys beyond the known ones are allowed (templates may read them as .Values.<key>).
 */
import { Type, type Static } from "@sinclair/typebox";
import { nameField } from "./format-fields.js";

export const CatalogSchema = Type.Object(
  {
    project: Type.Optional(Type.String({ description: "Argo CD project of every Application. Default: default." })),
    repoURL: Type.Optional(Type.String({ description: "Repository that holds the app charts." })),
    targetRevision: Type.Optional(Type.String({ description: "Revision of the app charts. Default: HEAD." })),
    applicationNamePrefix: Type.Optional(
      nameField("prefix", "an Application name prefix", "Prefix of every Application name, <prefix>-<app>, cut to 63 characters: lowercase letters, digits and '-'.", {
        allowEmpty: true,
      }),
    ),
    revisionHistoryLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "Default: 10." })),
    cluster: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String()), region: Type.Optional(Type.String()) },
        { additionalProperties: true, description: "Filled per cluster at render time; templates read .Values.cluster.name." },
      ),
    ),
    destination: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String()), server: Type.Optional(Type.String()) },
        { additionalProperties: false, description: "Default destination. Default: server https://kubernetes.default.svc." },
      ),
    ),
    syncPolicy: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "Default syncPolicy, merged under each app's." })),
    syncOptions: Type.Optional(Type.Array(Type.String(), { description: "Sync options every Application gets first." })),
    argocd: Type.Optional(
      Type.Object(
        { namespace: Type.Optional(Type.String({ description: "Namespace of the Application objects. Default: argocd." })) },
        { additionalProperties: false },
      ),
    ),
    namespaceSyncWave: Type.Optional(
      Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description: "Sync wave of the Namespaces the catalog creates. Default: -35." }),
    ),
  },
  { title: "homescale catalog values (apps/values.yaml)", additionalProperties: true },
);

export type CatalogFile = Static<typeof CatalogSchema>;
