// @ts-check
/* The launcher landlord pages embed: a button and, when the visitor opens it, the chat
 * iframe served by the chat server. Nothing is stored, and no request reaches the chat
 * server, before the visitor opens the widget. The host page never sees the
 * conversation. Quick exit (the panel's button, or Esc twice) replaces this page with a
 * neutral site, so the back button does not return to it, and clears the widget's storage.
 *
 * A classic script, not a module: landlord pages load it with a plain <script> tag and it
 * finds that tag as document.currentScript. The view serves it through loader.js, which
 * wraps it in a function and passes every language's labels; so it must hold no Django
 * template syntax (tests/test_widget_loader.py checks it arrives unchanged).
 */
/* exported startHousingChat */

/**
 * A language's labels of the button (written without double braces: Django reads this).
 * @typedef {object} LauncherLabels
 * @property {string} open
 * @property {string} close
 */

const HOUSING_CHAT_OPEN_KEY = "housing-chat-open";
const HOUSING_CHAT_DOUBLE_ESCAPE_MS = 1000;
const HOUSING_CHAT_EXIT_WAIT_MS = 300;

/**
 * The widget's language: the first of `wanted` (the page's data-lang, then the browser's
 * languages) that has labels, matched whole and then by its base language; else `fallback`.
 * @param {Record<string, LauncherLabels>} labels @param {Array<string | undefined>} wanted
 * @param {string} fallback
 */
function housingChatLanguage(labels, wanted, fallback) {
  const codes = Object.keys(labels);
  const pick = (/** @type {string | undefined} */ tag) => {
    const exact = String(tag || "").toLowerCase();
    const base = exact.split("-")[0];
    return codes.find((code) => code === exact) || codes.find((code) => code.split("-")[0] === base);
  };
  return wanted.map(pick).find(Boolean) || fallback;
}

class HousingChatLauncher {
  /**
   * @param {HTMLScriptElement} script the tag that loaded this
   * @param {Record<string, LauncherLabels>} labels by language @param {string} fallback
   */
  constructor(script, labels, fallback) {
    this.chatOrigin = new URL(script.src).origin;
    this.lang = housingChatLanguage(labels, [script.dataset.lang, ...(navigator.languages || [])], fallback);
    this.label = labels[this.lang];
    /** @type {HTMLIFrameElement | null} */
    this.frame = null;
    this.loaded = false;
    this.button = document.createElement("button");
    /** @type {string | null} until the frame says which it uses */
    this.exitUrl = script.dataset.exitUrl || null;
    this.lastEscape = 0;
    this.exiting = false;
  }

  /** @param {HTMLElement} node @param {Partial<CSSStyleDeclaration>} rules */
  static style(node, rules) {
    Object.assign(node.style, rules);
  }

  static remembered() {
    try {
      return sessionStorage.getItem(HOUSING_CHAT_OPEN_KEY) === "1";
    } catch {
      return false;
    }
  }

  /** @param {boolean} open */
  static remember(open) {
    try {
      if (open) sessionStorage.setItem(HOUSING_CHAT_OPEN_KEY, "1");
      else sessionStorage.removeItem(HOUSING_CHAT_OPEN_KEY);
    } catch {
      /* storage refused: the widget simply starts closed on the next page */
    }
  }

  /** @param {unknown} url */
  static isWebAddress(url) {
    return typeof url === "string" && /^https?:\/\//.test(url);
  }

  greet() {
    if (!this.frame || !this.loaded || !this.frame.contentWindow) return;
    this.frame.focus();
    this.frame.contentWindow.postMessage({ type: "chat:open" }, this.chatOrigin);
  }

  makeFrame() {
    const frame = document.createElement("iframe");
    frame.src = `${this.chatOrigin}/widget/frame/?lang=${this.lang}`;
    frame.title = this.label.open;
    frame.setAttribute("allow", "clipboard-write");
    HousingChatLauncher.style(frame, {
      position: "fixed", right: "8px", bottom: "72px", zIndex: "2147483647",
      width: "min(380px, calc(100vw - 16px))", height: "min(580px, calc(100vh - 88px))",
      border: "1px solid #505a5f", borderRadius: "8px", background: "#fff",
      boxShadow: "0 4px 16px rgba(0,0,0,.25)",
    });
    frame.addEventListener("load", () => {
      this.loaded = true;
      this.greet();
    });
    document.body.appendChild(frame);
    return frame;
  }

  open() {
    if (!this.frame) this.frame = this.makeFrame();
    this.frame.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.button.textContent = this.label.close;
    HousingChatLauncher.remember(true);
    this.greet();
  }

  close() {
    if (this.frame) this.frame.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    this.button.textContent = this.label.open;
    HousingChatLauncher.remember(false);
    this.button.focus();
  }

  dropFrame() {
    if (this.frame) this.frame.remove();
    this.frame = null;
    this.loaded = false;
  }

  /** @param {string | null} url */
  leave(url) {
    HousingChatLauncher.remember(false);
    this.dropFrame();
    window.location.replace(url && HousingChatLauncher.isWebAddress(url) ? url : "about:blank");
  }

  quickExit() {
    if (this.exiting) return;
    this.exiting = true;
    if (!this.frame || !this.loaded || !this.frame.contentWindow) {
      this.leave(this.exitUrl);
      return;
    }
    // The frame clears its storage and answers chat:exit; leave anyway if it does not.
    this.frame.contentWindow.postMessage({ type: "chat:quick-exit" }, this.chatOrigin);
    setTimeout(() => this.leave(this.exitUrl), HOUSING_CHAT_EXIT_WAIT_MS);
  }

  /** @param {MessageEvent} event */
  fromFrame(event) {
    if (event.origin !== this.chatOrigin || !this.frame || event.source !== this.frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === "chat:ready" && HousingChatLauncher.isWebAddress(data.exitUrl)) this.exitUrl = data.exitUrl;
    if (data.type === "chat:close") {
      if (data.via === "escape") this.lastEscape = Date.now();
      this.close();
    }
    if (data.type === "chat:exit") this.leave(HousingChatLauncher.isWebAddress(data.url) ? data.url : this.exitUrl);
  }

  /** @param {KeyboardEvent} event */
  keyPressed(event) {
    if (event.key !== "Escape" || !this.frame) return;
    const now = Date.now();
    if (now - this.lastEscape < HOUSING_CHAT_DOUBLE_ESCAPE_MS) this.quickExit();
    this.lastEscape = now;
  }

  /** A page restored from the back-forward cache: drop a widget closed since. @param {PageTransitionEvent} event */
  shown(event) {
    if (event.persisted && this.frame && !HousingChatLauncher.remembered()) {
      this.dropFrame();
      this.close();
    }
  }

  addButton() {
    const button = this.button;
    button.type = "button";
    button.textContent = this.label.open;
    button.lang = this.lang;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-haspopup", "dialog");
    HousingChatLauncher.style(button, {
      position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483647",
      padding: "12px 18px", border: "0", borderRadius: "24px", background: "#00594f",
      color: "#fff", font: "600 16px system-ui, sans-serif", cursor: "pointer",
      boxShadow: "0 2px 8px rgba(0,0,0,.3)",
    });
    button.addEventListener("click", () => (this.frame && !this.frame.hidden ? this.close() : this.open()));
    document.body.appendChild(button);
    if (HousingChatLauncher.remembered()) this.open();
  }

  start() {
    window.addEventListener("message", (event) => this.fromFrame(event));
    document.addEventListener("keydown", (event) => this.keyPressed(event));
    window.addEventListener("pageshow", (event) => this.shown(event));
    if (document.body) this.addButton();
    else document.addEventListener("DOMContentLoaded", () => this.addButton());
  }
}

/**
 * Starts the launcher for the <script> tag that loaded it, once a page.
 * @param {HTMLOrSVGScriptElement | null} script @param {Record<string, LauncherLabels>} labels
 * @param {string} fallback the server's default language
 */
function startHousingChat(script, labels, fallback) {
  const page = /** @type {Window & {__housingChat?: boolean}} */ (window);
  if (!(script instanceof HTMLScriptElement) || page.__housingChat) return;
  page.__housingChat = true;
  new HousingChatLauncher(script, labels, fallback).start();
}
