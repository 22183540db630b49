// @ts-check
/* The launcher landlord pages embed: a button and, when the visitor opens it, the chat
 * iframe served by the chat server. Nothing is stored, and no request reaches the chat
 * server, before the visitor opens the widget. The host page never sees the
 * conversation. Quick exit (the panel's button, or Esc twice) replaces this page with a
 * neutral site, so the back button does not return to it, and clears the widget's storage.
 *
 * A classic script, not a module: landlord pages load it with a plain <script> tag and it
 * finds that tag as document.currentScript. This is the typed source; the view serves
 * widget/templates/widget/launcher.min.js, which `python -m tests.launcher_build` writes
 * from it without comments or indentation (the loader must stay under 5 KB), wrapped in a
 * function by loader.js with every language's labels. Neither may hold Django template
 * syntax (two opening braces in a row, for one). Comments go on lines of their own.
 */
/* exported startHousingChat */

/**
 * A language's labels of the launcher's button.
 * @typedef {object} LauncherLabels
 * @property {string} open
 * @property {string} close
 */

/**
 * Everything the launcher remembers on the landlord's page.
 * @typedef {object} Launcher
 * @property {string} origin the chat server's
 * @property {string} lang
 * @property {LauncherLabels} label
 * @property {HTMLButtonElement} button
 * @property {HTMLIFrameElement | null} frame the chat, once opened
 * @property {boolean} loaded the frame has loaded and can be greeted
 * @property {string | null} exitUrl until the frame says which it uses
 * @property {number} lastEscape when Escape was last pressed (twice: quick exit)
 * @property {boolean} exiting
 */

/**
 * The launcher's one state object (loader.js wraps this file in a function, so it is
 * not the landlord page's); startHousingChat fills it in.
 * @type {Launcher}
 */
const ui = {
  origin: "", lang: "", label: { open: "", close: "" }, button: document.createElement("button"),
  frame: null, loaded: false, exitUrl: null, lastEscape: 0, exiting: false,
};

const OPEN_KEY = "housing-chat-open";
const DOUBLE_ESCAPE_MS = 1000;
const EXIT_WAIT_MS = 300;

/**
 * The widget's language: the first of `wanted` (the page's data-lang, then the browser's
 * languages) that has labels, matched whole and then by its base language; else `fallback`.
 * @param {Record<string, LauncherLabels>} labels
 * @param {Array<string | undefined>} wanted
 * @param {string} fallback
 */
function housingChatLanguage(labels, wanted, fallback) {
  const codes = Object.keys(labels);
  /** @param {string | undefined} tag */
  const pick = (tag) => {
    const exact = String(tag || "").toLowerCase();
    const base = exact.split("-")[0];
    return codes.find((code) => code === exact) || codes.find((code) => code.split("-")[0] === base);
  };
  return wanted.map(pick).find(Boolean) || fallback;
}

function rememberedOpen() {
  try {
    return sessionStorage.getItem(OPEN_KEY) === "1";
  } catch {
    return false;
  }
}

/** @param {boolean} open */
function rememberOpen(open) {
  try {
    if (open) sessionStorage.setItem(OPEN_KEY, "1");
    else sessionStorage.removeItem(OPEN_KEY);
  } catch {
    // Storage refused: the widget simply starts closed on the next page.
  }
}

/** @param {unknown} url */
function isWebAddress(url) {
  return typeof url === "string" && /^https?:\/\//.test(url);
}

function greetFrame() {
  if (!ui.frame || !ui.loaded) return;
  ui.frame.focus();
  ui.frame.contentWindow?.postMessage({ type: "chat:open" }, ui.origin);
}

function makeFrame() {
  const frame = document.createElement("iframe");
  // The landlord's portal's signed assertion, when the host page offers one: its function
  // window.housingChatAssertion, returning the assertion or a promise of it, is called once
  // the frame has loaded, so a short-lived one is fresh. "portal=1" (a flag, never the
  // assertion) tells the frame to wait for it. See "Verified tenants" in docs/integrations.md.
  const portal = /** @type {Window & {housingChatAssertion?: () => unknown}} */ (window).housingChatAssertion;
  frame.src = `${ui.origin}/widget/frame/?lang=${ui.lang}${portal ? "&portal=1" : ""}`;
  frame.title = ui.label.open;
  frame.setAttribute("allow", "clipboard-write");
  // A panel above the launcher, or on a screen 600 px wide or less the whole screen (over
  // the launcher, added before it): --p is 1px or 0 there. Inline styles through the
  // CSSOM, which a landlord's Content Security Policy allows; no media query needed.
  frame.style.cssText = "position:fixed;z-index:2147483647;--p:clamp(0px,(100vw - 601px)*999,1px);"
    + "right:calc(8*var(--p));bottom:calc(72*var(--p));border:var(--p) solid #505a5f;"
    + "width:min(100vw - 16*var(--p),max(380px,(1px - var(--p))*9999));"
    + "height:min(100dvh - 88*var(--p),max(580px,(1px - var(--p))*9999));"
    + "border-radius:calc(8*var(--p));background:#fff;box-shadow:0 4px 16px #0004";
  frame.addEventListener("load", () => {
    ui.loaded = true;
    // By postMessage to the chat server's exact origin, never in a URL; a provider that fails
    // sends none (the frame then starts an anonymous chat).
    if (portal) Promise.resolve().then(portal).catch(() => null).then((assertion) => frame.contentWindow?.postMessage({ type: "chat:assertion", assertion }, ui.origin));
    greetFrame();
  });
  document.body.appendChild(frame);
  return frame;
}

function openChat() {
  if (!ui.frame) ui.frame = makeFrame();
  ui.frame.hidden = false;
  ui.button.setAttribute("aria-expanded", "true");
  ui.button.textContent = ui.label.close;
  rememberOpen(true);
  greetFrame();
}

function closeChat() {
  if (ui.frame) ui.frame.hidden = true;
  ui.button.setAttribute("aria-expanded", "false");
  ui.button.textContent = ui.label.open;
  rememberOpen(false);
  ui.button.focus();
}

function dropFrame() {
  if (ui.frame) ui.frame.remove();
  ui.frame = null;
  ui.loaded = false;
}

/**
 * @param {string | null} url
 */
function leavePage(url) {
  rememberOpen(false);
  dropFrame();
  window.location.replace(url && isWebAddress(url) ? url : "about:blank");
}

function quickExit() {
  if (ui.exiting) return;
  ui.exiting = true;
  if (!ui.frame || !ui.loaded) {
    leavePage(ui.exitUrl);
    return;
  }
  // The frame clears its storage and answers chat:exit; leave anyway if it does not.
  ui.frame.contentWindow?.postMessage({ type: "chat:quick-exit" }, ui.origin);
  setTimeout(() => leavePage(ui.exitUrl), EXIT_WAIT_MS);
}

/**
 * @param {MessageEvent} event
 */
function fromFrame(event) {
  if (event.origin !== ui.origin || !ui.frame || event.source !== ui.frame.contentWindow) return;
  const data = event.data || {};
  if (data.type === "chat:ready" && isWebAddress(data.exitUrl)) ui.exitUrl = data.exitUrl;
  if (data.type === "chat:close") {
    if (data.via === "escape") ui.lastEscape = Date.now();
    closeChat();
  }
  if (data.type === "chat:exit") leavePage(isWebAddress(data.url) ? data.url : ui.exitUrl);
}

function addButton() {
  const button = ui.button;
  button.type = "button";
  button.textContent = ui.label.open;
  button.lang = ui.lang;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-haspopup", "dialog");
  Object.assign(button.style, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483647",
    padding: "12px 18px", border: "0", borderRadius: "24px", background: "#00594f",
    color: "#fff", font: "600 16px system-ui, sans-serif", cursor: "pointer",
    boxShadow: "0 2px 8px rgba(0,0,0,.3)",
  });
  button.addEventListener("click", () => (ui.frame && !ui.frame.hidden ? closeChat() : openChat()));
  document.body.appendChild(button);
  if (rememberedOpen()) openChat();
}

function listen() {
  window.addEventListener("message", fromFrame);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !ui.frame) return;
    const now = Date.now();
    if (now - ui.lastEscape < DOUBLE_ESCAPE_MS) quickExit();
    ui.lastEscape = now;
  });
  // A page restored from the back-forward cache: drop a widget closed since.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && ui.frame && !rememberedOpen()) {
      dropFrame();
      closeChat();
    }
  });
}

/**
 * Starts the launcher for the <script> tag that loaded it, once a page.
 * @param {HTMLOrSVGScriptElement | null} script
 * @param {Record<string, LauncherLabels>} labels by language
 * @param {string} fallback the server's default language
 */
function startHousingChat(script, labels, fallback) {
  const page = /** @type {Window & {__housingChat?: boolean}} */ (window);
  if (!(script instanceof HTMLScriptElement) || page.__housingChat) return;
  page.__housingChat = true;
  const lang = housingChatLanguage(labels, [script.dataset.lang, ...(navigator.languages || [])], fallback);
  Object.assign(ui, { origin: new URL(script.src).origin, lang, label: labels[lang], exitUrl: script.dataset.exitUrl || null });
  listen();
  if (document.body) addButton();
  else document.addEventListener("DOMContentLoaded", () => addButton());
}
