{% comment %}
Housing chat loader, served by widget.views.loader: adds a launcher button and, when
the visitor opens it, the chat iframe served by the chat server. Embed with one tag:
  <script src="https://chat.example.org/widget/loader.js" data-lang="cy" async></script>
data-lang (optional) chooses the language; without it the browser's preferences do.
The labels come from the server's catalogue (widget.strings), for every language.
Nothing is stored, and no request reaches the chat server, before the visitor opens
the widget (only this script, which carries nothing of the visitor's). The host page
never sees the conversation. Quick exit (the panel's button, or Esc twice) replaces
this page with a neutral site, so the back button does not return to it, and clears
the widget's storage. This comment is not sent.
{% endcomment %}{% autoescape off %}(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.__housingChat) return;
  window.__housingChat = true;
  const chatOrigin = new URL(script.src).origin;
  const LABELS = {{ labels }};
  const pick = (tag) => {
    const wanted = String(tag || "").toLowerCase();
    const base = wanted.split("-")[0];
    return Object.keys(LABELS).find((code) => code === wanted) || Object.keys(LABELS).find((code) => code.split("-")[0] === base);
  };
  const lang = [script.dataset.lang, ...(navigator.languages || [])].map(pick).find(Boolean) || "{{ default }}";
  const label = LABELS[lang];
  const OPEN_KEY = "housing-chat-open";
  const DOUBLE_ESCAPE_MS = 1000;
  const EXIT_WAIT_MS = 300;
  let frame = null;
  let loaded = false;
  let button = null;
  let exitUrl = script.dataset.exitUrl || null; {# until the frame says which it uses #}
  let lastEscape = 0;
  let exiting = false;

  function style(node, rules) {
    Object.assign(node.style, rules);
  }

  function remembered() {
    try {
      return sessionStorage.getItem(OPEN_KEY) === "1";
    } catch (error) {
      return false;
    }
  }

  function remember(open) {
    try {
      if (open) sessionStorage.setItem(OPEN_KEY, "1");
      else sessionStorage.removeItem(OPEN_KEY);
    } catch (error) {
      {# storage refused: the widget simply starts closed on the next page #}
    }
  }

  function greet() {
    if (!frame || !loaded) return;
    frame.focus();
    frame.contentWindow.postMessage({ type: "chat:open" }, chatOrigin);
  }

  function makeFrame() {
    frame = document.createElement("iframe");
    frame.src = `${chatOrigin}/widget/frame/?lang=${lang}`;
    frame.title = label.open;
    frame.setAttribute("allow", "clipboard-write");
    style(frame, {
      position: "fixed", right: "8px", bottom: "72px", zIndex: "2147483647",
      width: "min(380px, calc(100vw - 16px))", height: "min(580px, calc(100vh - 88px))",
      border: "1px solid #505a5f", borderRadius: "8px", background: "#fff",
      boxShadow: "0 4px 16px rgba(0,0,0,.25)",
    });
    frame.addEventListener("load", () => {
      loaded = true;
      greet();
    });
    document.body.appendChild(frame);
  }

  function open() {
    if (!frame) makeFrame();
    frame.hidden = false;
    button.setAttribute("aria-expanded", "true");
    button.textContent = label.close;
    remember(true);
    greet();
  }

  function close() {
    if (frame) frame.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.textContent = label.open;
    remember(false);
    button.focus();
  }

  const isWebAddress = (url) => /^https?:\/\//.test(url || "");

  function leave(url) {
    remember(false);
    if (frame) frame.remove();
    frame = null;
    loaded = false;
    window.location.replace(isWebAddress(url) ? url : "about:blank");
  }

  function quickExit() {
    if (exiting) return;
    exiting = true;
    if (!frame || !loaded) {
      leave(exitUrl);
      return;
    }
    {# The frame clears its storage and answers chat:exit; leave anyway if it does not. #}
    frame.contentWindow.postMessage({ type: "chat:quick-exit" }, chatOrigin);
    setTimeout(() => leave(exitUrl), EXIT_WAIT_MS);
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== chatOrigin || !frame || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === "chat:ready" && isWebAddress(data.exitUrl)) exitUrl = data.exitUrl;
    if (data.type === "chat:close") {
      if (data.via === "escape") lastEscape = Date.now();
      close();
    }
    if (data.type === "chat:exit") leave(isWebAddress(data.url) ? data.url : exitUrl);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !frame) return;
    const now = Date.now();
    if (now - lastEscape < DOUBLE_ESCAPE_MS) quickExit();
    lastEscape = now;
  });

  {# A page restored from the back-forward cache: drop a widget closed since. #}
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && frame && !remembered()) {
      frame.remove();
      frame = null;
      loaded = false;
      close();
    }
  });

  function init() {
    button = document.createElement("button");
    button.type = "button";
    button.textContent = label.open;
    button.lang = lang;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-haspopup", "dialog");
    style(button, {
      position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483647",
      padding: "12px 18px", border: "0", borderRadius: "24px", background: "#00594f",
      color: "#fff", font: "600 16px system-ui, sans-serif", cursor: "pointer",
      boxShadow: "0 2px 8px rgba(0,0,0,.3)",
    });
    button.addEventListener("click", () => (frame && !frame.hidden ? close() : open()));
    document.body.appendChild(button);
    if (remembered()) open();
  }

  if (document.body) init();
  else document.addEventListener("DOMContentLoaded", init);
})();{% endautoescape %}
