// @ts-check
/* The visitor chat inside the widget iframe. Vanilla JavaScript ES modules, no build step.
 *
 * The socket, the conversation and everything the visitor types live only in this
 * iframe (the chat server's origin), never in the host page. The resume token and
 * unsent messages are kept in this iframe's sessionStorage (storage.js) so a page
 * navigation or reload resumes the chat. All text is rendered with textContent, every
 * line from the page's "strings" (strings.js). The modules, by concern: page (settings,
 * words, elements), state (the one state object), connection (socket, frame handlers,
 * outbox), render (the log and status), hours, composer, photos, copy (emailed copy,
 * forgetting), forms (start, end, rating), topics (the topic choice, the Welsh offer),
 * quickexit (the host page, Escape, Tab), portal (the landlord's portal's assertion).
 */
import { connect, installVisibility } from "./connection.js";
import { installComposer } from "./composer.js";
import { installCopy } from "./copy.js";
import { installForms } from "./forms.js";
import { installIdle } from "./idle.js";
import { el, show } from "./page.js";
import { installPhotos } from "./photos.js";
import { portalReady } from "./portal.js";
import { installQuickExit } from "./quickexit.js";
import { installTopics } from "./topics.js";

installQuickExit();
installPhotos();
installComposer();
installForms();
installCopy();
installIdle();
installVisibility();
installTopics();
show("prechat");
portalReady().then(connect);
el.body.dataset.ready = "true"; // every handler is attached (tests wait for it)
