/* The resolve hook of static-layout.js: a module missing at its source path is looked
 * for under each static root, as Django's static file finders do. */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STATIC_ROOTS = ["chatserver/static/", "widget/static/", "chatserver/console/static/"];

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error.code !== "ERR_MODULE_NOT_FOUND" || !context.parentURL) throw error;
    const wanted = fileURLToPath(new URL(specifier, context.parentURL));
    const served = wanted.split("/static/").slice(1).join("/static/");
    const found = STATIC_ROOTS.map((root) => `${ROOT}${root}${served}`).find((path) => served && existsSync(path));
    if (!found) throw error;
    return nextResolve(pathToFileURL(found).href, context);
  }
}
