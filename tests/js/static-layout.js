/* Lets Node import the browser modules as the browser finds them: a module under
 * /static/<app>/ imports "../chatserver/socket.js" by its URL, which Django's static files
 * serve from chatserver/static/, wherever the importing module lives in the source tree.
 * Used as `node --import ./tests/js/static-layout.js --test ...`. */
import { register } from "node:module";

register("./static-resolve.js", import.meta.url);
