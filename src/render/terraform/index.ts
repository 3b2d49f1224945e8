/**
 * The terraform/ module of `build`: netbird.tf.json and cloudflare.tf.json, one Terraform module
 * (the files reference each other's variables, and the module's single required_providers block
 * is in netbird.tf.json). Paths are relative to the build output folder.
 */
import type { Model } from "../../model/types.js";
import { renderCloudflare } from "./cloudflare.js";
import { renderNetbird } from "./netbird.js";
import { writeTfJson } from "../emit/tf-json.js";

export interface TerraformFile {
  path: string;
  text: string;
}

export function renderTerraform(model: Model): TerraformFile[] {
  return [
    { path: "terraform/cloudflare.tf.json", text: writeTfJson(renderCloudflare(model)) },
    { path: "terraform/netbird.tf.json", text: writeTfJson(renderNetbird(model)) },
  ];
}

export { renderCloudflare } from "./cloudflare.js";
export { renderNetbird } from "./netbird.js";
export { writeTfJson, type TfJson } from "../emit/tf-json.js";
