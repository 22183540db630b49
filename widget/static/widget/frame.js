/* The visitor chat inside the widget iframe. Vanilla JavaScript, no build step.
 *
 * The socket, the conversation and everything the visitor types live only in
 * this iframe (the chat server's origin), never in the host page. The resume
 * token and unsent messages are kept in this iframe's sessionStorage so a page
 * navigation or reload resumes the chat; nothing is stored until the visitor
 * opens the widget, because the loader creates this iframe only then.
 * All text is rendered with textContent.
 */
(() => {
  "use strict";

  const STORAGE_KEY = "housing-chat";
  const PING_MS = 240000;
  const TYPING_IDLE_MS = 4000;
  const body = document.body;
  const MAX_TEXT = Number(body.dataset.maxText) || 4000;
  const ALLOWED_PARENTS = (body.dataset.allowedOrigins || "").split(" ").filter(Boolean);
  const $ = (id) => document.getElementById(id);
  const el = {
    state: $("state"), prechat: $("prechat"), chat: $("chat"), ended: $("ended"),
    log: $("log"), typing: $("typing"), announce: $("announce"), composer: $("composer"),
    text: $("text"), sendError: $("send-error"), prechatError: $("prechat-error"),
    warning: $("warning"), copyForm: $("copy-form"), copyEmail: $("copy-email"),
    copyResult: $("copy-result"),
  };

  const saved = loadState();
  let socket = null;
  let greeted = false;
  let retries = 0;
  let reconnectTimer = null;
  let pingTimer = null;
  let typingTimer = null;
  let typingSent = false;
  let parentOrigin = null;
  let heldText = null;
  let notice = "";
  let visitorEmail = "";
  const bySeq = new Map();
  const pending = new Map();

  function loadState() {
    try {
      const state = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
      return { token: state.token || null, outbox: Array.isArray(state.outbox) ? state.outbox : [] };
    } catch (error) {
      return { token: null, outbox: [] };
    }
  }

  function saveState() {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
    } catch (error) {
      /* storage refused (private mode): the chat still works for this page */
    }
  }

  function clearState() {
    saved.token = null;
    saved.outbox = [];
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      /* nothing stored */
    }
  }

  /* ---------- the host page ---------- */

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !ALLOWED_PARENTS.includes(event.origin)) return;
    const data = event.data || {};
    if (data.type === "chat:open") {
      parentOrigin = event.origin;
      focusFirst();
    }
  });

  function toParent(message) {
    if (parentOrigin) window.parent.postMessage(message, parentOrigin);
  }

  /* ---------- views ---------- */

  function show(view) {
    el.prechat.hidden = view !== "prechat";
    el.chat.hidden = view !== "chat";
    el.ended.hidden = view !== "ended";
  }

  function setState(text) {
    el.state.textContent = text;
  }

  function focusFirst() {
    const target = !el.chat.hidden ? el.text : !el.ended.hidden ? $("restart") : $("name");
    target.focus();
  }

  function applyStatus(frame) {
    const status = frame.status;
    if (status === "waiting") {
      show("chat");
      setState(
        frame.queue_position
          ? `You are number ${frame.queue_position} in the queue. An adviser will be with you soon.`
          : "Waiting for an adviser…"
      );
    } else if (status === "offline") {
      show("chat");
      setState("No advisers are available right now. Leave a message and we will reply by email if you gave one.");
    } else if (status === "active") {
      show("chat");
      const name = frame.agent && frame.agent.name;
      setState(name ? `You are chatting with ${name}.` : "You are chatting with an adviser.");
    } else if (status === "closed") {
      show("ended");
      setState("This chat has ended.");
      el.copyEmail.value = visitorEmail;
      el.typing.hidden = true;
    }
  }

  function entry(frame, li) {
    const item = li || document.createElement("li");
    item.className = frame.from || "visitor";
    item.textContent = frame.text;
    if (frame.at) item.title = new Date(frame.at).toLocaleString();
    return item;
  }

  function render(frame) {
    if (bySeq.has(frame.seq)) return;
    let item = null;
    if (frame.client_id && pending.has(frame.client_id)) {
      item = pending.get(frame.client_id);
      pending.delete(frame.client_id);
    }
    item = entry(frame, item);
    bySeq.set(frame.seq, item);
    if (!item.isConnected) insertInOrder(item, frame.seq);
    item.dataset.seq = String(frame.seq);
    if (frame.from !== "visitor") {
      el.announce.textContent = frame.from === "agent" ? `Adviser: ${frame.text}` : frame.text;
      el.typing.hidden = true;
    }
    el.log.scrollTop = el.log.scrollHeight;
  }

  function insertInOrder(item, seq) {
    const later = [...el.log.children].find((node) => node.dataset.seq && Number(node.dataset.seq) > seq);
    el.log.insertBefore(item, later || firstPending());
  }

  function firstPending() {
    return el.log.querySelector(".pending") || null;
  }

  function lastSeq() {
    return bySeq.size ? Math.max(...bySeq.keys()) : null;
  }

  /* ---------- the socket ---------- */

  function connect() {
    clearTimeout(reconnectTimer);
    if (socket) return;
    setState(greeted ? "Reconnecting…" : "Connecting…");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/ws/visitor/`);
    socket = ws;
    ws.addEventListener("open", () => {
      send({ type: "hello", token: saved.token, after_seq: lastSeq() });
    });
    ws.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      handle(frame);
    });
    ws.addEventListener("close", (event) => {
      if (socket !== ws) return;
      socket = null;
      clearInterval(pingTimer);
      if (event.code === 4408 || event.code === 1000) return;
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    const delay = Math.min(30000, 500 * 2 ** retries) * (0.5 + Math.random() / 2);
    retries += 1;
    setState(`Connection lost. Reconnecting in ${Math.ceil(delay / 1000)} s…`);
    reconnectTimer = setTimeout(connect, delay);
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function handle(frame) {
    switch (frame.type) {
      case "welcome":
        return welcome(frame);
      case "status":
        return applyStatus(frame);
      case "message":
        return render(frame);
      case "ack":
        return acknowledged(frame);
      case "typing":
        el.typing.hidden = !frame.active;
        return undefined;
      case "error":
        return refused(frame);
      case "transcript_emailed":
        el.copyResult.textContent = "A copy is on its way to your inbox.";
        return undefined;
      case "forgotten":
        return forgotten(frame.receipt);
      case "erased":
        return erased();
      default:
        return undefined;
    }
  }

  function welcome(frame) {
    greeted = true;
    retries = 0;
    saved.token = frame.token;
    saveState();
    clearInterval(pingTimer);
    pingTimer = setInterval(() => send({ type: "ping" }), PING_MS);
    if (!frame.conversation) {
      setState(notice);
      notice = "";
      show("prechat");
      return;
    }
    frame.messages.forEach(render);
    applyStatus(frame.conversation);
    flushOutbox();
  }

  function acknowledged(frame) {
    saved.outbox = saved.outbox.filter((item) => item.client_id !== frame.client_id);
    saveState();
    const item = pending.get(frame.client_id);
    if (item) {
      item.classList.remove("pending");
      item.dataset.seq = String(frame.seq);
      pending.delete(frame.client_id);
      bySeq.set(frame.seq, item);
    }
  }

  function refused(frame) {
    const item = frame.ref && pending.get(frame.ref);
    if (frame.code === "server_error" && frame.retryable && item) {
      setTimeout(flushOutbox, 2000);
      return;
    }
    if (item) {
      item.classList.remove("pending");
      item.classList.add("failed");
      pending.delete(frame.ref);
      saved.outbox = saved.outbox.filter((entry) => entry.client_id !== frame.ref);
      saveState();
    }
    const messages = {
      too_long: `Your message is too long: the limit is ${frame.limit || MAX_TEXT} characters.`,
      rate_limited: `You are sending messages too quickly. Please wait ${Math.ceil(frame.retry_after || 1)} s.`,
      not_started: "Please start the chat first.",
    };
    const text = messages[frame.code] || frame.message || "Something went wrong.";
    if (!el.prechat.hidden) el.prechatError.textContent = text;
    else if (!el.ended.hidden) el.copyResult.textContent = text;
    else el.sendError.textContent = text;
  }

  /* ---------- sending ---------- */

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }

  function queueMessage(text) {
    const clientId = newClientId();
    const item = entry({ from: "visitor", text });
    item.classList.add("pending");
    el.log.appendChild(item);
    el.log.scrollTop = el.log.scrollHeight;
    pending.set(clientId, item);
    saved.outbox.push({ client_id: clientId, text });
    saveState();
    if (!send({ type: "message", client_id: clientId, text })) connect();
  }

  function flushOutbox() {
    saved.outbox.forEach((item) => {
      if (!pending.has(item.client_id)) {
        const li = entry({ from: "visitor", text: item.text });
        li.classList.add("pending");
        el.log.appendChild(li);
        pending.set(item.client_id, li);
      }
      send({ type: "message", client_id: item.client_id, text: item.text });
    });
  }

  function luhn(digits) {
    let sum = 0;
    for (let i = 0; i < digits.length; i += 1) {
      let value = Number(digits[digits.length - 1 - i]);
      if (i % 2) {
        value *= 2;
        if (value > 9) value -= 9;
      }
      sum += value;
    }
    return sum % 10 === 0;
  }

  function looksLikeBankDetails(text) {
    const cards = text.match(/(?:\d[ -]?){12,18}\d/g) || [];
    if (cards.some((candidate) => luhn(candidate.replace(/\D/g, "")))) return true;
    return /\bsort\s*code\b/i.test(text) && /\b\d{8}\b/.test(text);
  }

  el.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    el.sendError.textContent = "";
    const text = el.text.value.trim();
    if (!text) return;
    if (text.length > MAX_TEXT) {
      el.sendError.textContent = `Your message is too long: the limit is ${MAX_TEXT} characters.`;
      return;
    }
    if (looksLikeBankDetails(text)) {
      heldText = text;
      el.warning.hidden = false;
      $("edit-message").focus();
      return;
    }
    el.text.value = "";
    stopTyping();
    queueMessage(text);
  });

  $("send-anyway").addEventListener("click", () => {
    el.warning.hidden = true;
    if (heldText) queueMessage(heldText);
    heldText = null;
    el.text.value = "";
    el.text.focus();
  });

  $("edit-message").addEventListener("click", () => {
    el.warning.hidden = true;
    heldText = null;
    el.text.focus();
  });

  el.text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      el.composer.requestSubmit();
    }
  });

  el.text.addEventListener("input", () => {
    if (!typingSent) typingSent = send({ type: "typing", active: true });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  });

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingSent) send({ type: "typing", active: false });
    typingSent = false;
  }

  /* ---------- starting, ending, clearing ---------- */

  el.prechat.addEventListener("submit", (event) => {
    event.preventDefault();
    el.prechatError.textContent = "";
    const details = {};
    ["name", "email", "address"].forEach((field) => {
      const value = $(field).value.trim();
      if (value) details[field] = value;
    });
    visitorEmail = details.email || "";
    if (!send({ type: "start", details })) {
      el.prechatError.textContent = "Still connecting. Please try again in a moment.";
      connect();
      return;
    }
    setState("Starting your chat…");
  });

  $("end").addEventListener("click", () => send({ type: "end" }));

  $("restart").addEventListener("click", () => {
    $("copy-form").hidden = false;
    $("forget").hidden = false;
    $("forget-result").textContent = "";
    el.log.textContent = "";
    bySeq.clear();
    pending.clear();
    show("prechat");
    setState("");
    $("name").focus();
  });

  $("clear").addEventListener("click", () => {
    clearState();
    visitorEmail = "";
    el.log.textContent = "";
    bySeq.clear();
    pending.clear();
    ["name", "email", "address", "copy-email"].forEach((id) => {
      $(id).value = "";
    });
    el.copyResult.textContent = "";
    if (socket) socket.close(1000);
    socket = null;
    show("prechat");
    notice = "This device's copy of the chat has been cleared.";
    setState(notice);
    greeted = false;
    connect();
  });

  el.copyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    el.copyResult.textContent = "";
    const email = el.copyEmail.value.trim();
    if (!email) {
      el.copyResult.textContent = "Please enter your email address.";
      return;
    }
    if (!send({ type: "email_transcript", email })) {
      el.copyResult.textContent = "Not connected. Please try again in a moment.";
      connect();
    }
  });

  $("forget").addEventListener("click", () => {
    $("forget-confirm").hidden = false;
    $("forget-no").focus();
  });

  $("forget-no").addEventListener("click", () => {
    $("forget-confirm").hidden = true;
    $("forget").focus();
  });

  $("forget-yes").addEventListener("click", () => {
    $("forget-confirm").hidden = true;
    if (!send({ type: "forget" })) $("forget-result").textContent = "Not connected. Please try again.";
  });

  function forgetTranscript() {
    clearState();
    el.log.textContent = "";
    bySeq.clear();
    pending.clear();
    $("copy-form").hidden = true;
    $("forget").hidden = true;
  }

  function erased() {
    forgetTranscript();
    show("ended");
    el.typing.hidden = true;
    setState("This conversation was erased at your request. Nothing of it is kept.");
  }

  function forgotten(receipt) {
    forgetTranscript();
    const when = new Date(receipt.erased_at).toLocaleString();
    $("forget-result").textContent =
      `Erased on ${when}. Your reference is ${receipt.request_id}; quote it if you contact us.`;
  }

  $("close").addEventListener("click", () => toParent({ type: "chat:close" }));

  /* ---------- keyboard: Escape closes, Tab stays inside the panel ---------- */

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      toParent({ type: "chat:close" });
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = [...document.querySelectorAll("button, input, textarea, a[href]")].filter(
      (node) => !node.disabled && node.offsetParent !== null
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  show("prechat");
  connect();
})();
