/** homescale.yaml `auth`: ext-auth providers (Envoy SecurityPolicy), named by exposures (seed 003). */
import { Type, type Static } from "@sinclair/typebox";
import { nameField } from "../format-fields.js";

export const AuthProvider = Type.Object(
  {
    cluster: Type.String({ minLength: 1, description: "The cluster whose Service answers the auth checks." }),
    namespace: nameField("service", "a namespace", "The Service's namespace."),
    service: nameField("service", "a Service name", "The Service Envoy asks (e.g. authentik-outpost-external)."),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: "Its port." }),
    path: Type.Optional(Type.String({ pattern: "^/", description: "The path prefix Envoy sends the check to; the request's path is appended (e.g. /outpost.goauthentik.io/auth/envoy)." })),
  },
  { additionalProperties: false, description: "An ext-auth provider." },
);

export const Auth = Type.Record(Type.String(), AuthProvider, { description: "Auth providers by name; exposePublic.auth and exposeLan.auth name them." });

export type AuthProviderT = Static<typeof AuthProvider>;
