/**
 * Schemas ../shared/schemas/crds does not hold, written here from the real CRD for the fields
 * homescale writes (everything else is then an unknown field, an error): Envoy Gateway v1.9.0's
 * ClientTrafficPolicy, from envoyproxy/gateway
 * charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_clienttrafficpolicies.yaml
 * at tag v1.9.0 (39763b1c07ec): spec.targetRefs (group, kind, name required; sectionName optional)
 * and spec.proxyProtocol {optional: boolean}, which v1.9.0 prefers to the deprecated
 * enableProxyProtocol. Its CEL rules: targetRef or targetRefs, group gateway.networking.k8s.io,
 * kind Gateway or ListenerSet (checked by hand in crd-schemas.test.ts).
 */
const NAME = { type: "string", minLength: 1, maxLength: 253 };
const GROUP = { type: "string", maxLength: 253, pattern: "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" };
const KIND = { type: "string", minLength: 1, maxLength: 63, pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$" };

export const EXCERPTS: Record<string, Record<string, unknown>> = {
  "gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy": {
    type: "object",
    required: ["spec"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      spec: {
        type: "object",
        properties: {
          targetRefs: {
            type: "array",
            items: { type: "object", required: ["group", "kind", "name"], properties: { group: GROUP, kind: KIND, name: NAME, sectionName: NAME } },
          },
          proxyProtocol: { type: "object", properties: { optional: { type: "boolean" } } },
        },
      },
    },
  },
};
