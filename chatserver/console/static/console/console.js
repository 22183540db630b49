// @ts-check
/* The agent console: queue, several conversations at once, notes, transfer, close.
 * Vanilla JavaScript ES modules, no build step, sharing the widget's socket and outbox.
 * By concern: page (elements), state (the one state object), connection (socket and
 * frame handlers), conversations and queue (what is kept and shown, no DOM), render,
 * composer, actions (presence, transfer, close, photos), unread (counts, no DOM),
 * shortcuts (which key does what, no DOM), keys (listening, help, visitor column) and
 * wrapup (the close dialog; its rules in wrapup-choice, no DOM) and casework (the
 * "Record a case" dialog; its rules in casework-choice, no DOM).
 */
import { installActions } from "./actions.js";
import { installAlerts } from "./alerting.js";
import { installCasework } from "./casework.js";
import { installComposer } from "./composer.js";
import { chat, send } from "./connection.js";
import { installKeys } from "./keys.js";
import { renderQueue } from "./render.js";
import { installWrapUp } from "./wrapup.js";

const QUEUE_REFRESH_MS = 15000; // the waiting times tick on

installComposer();
installActions();
installKeys();
installWrapUp(send);
installAlerts();
installCasework();
setInterval(renderQueue, QUEUE_REFRESH_MS);
chat.connect();
