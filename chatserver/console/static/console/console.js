/* The agent console: queue, several conversations at once, notes, transfer, close.
 * Speaks the agent side of docs/protocol.md over /ws/agent/ with the session
 * cookie. All text is rendered with textContent. Vanilla JavaScript, no build; an
 * ES module sharing the widget's socket and outbox.
 */
import { CLOSE, ERROR, HIDDEN_MARKER } from "../chatserver/protocol.js";
import { PHOTO_TYPES, uploadPhoto } from "../chatserver/photos.js";
import { ChatSocket, Outbox, newClientId } from "../chatserver/socket.js";

const $ = (id) => document.getElementById(id);
const canned = JSON.parse($("canned-responses").textContent || "[]");
const LANGUAGES = JSON.parse($("languages").textContent);
/* " · Cymraeg" for a visitor who chats in another language than the default. */
const spoken = (language) => (language && language !== LANGUAGES.default ? ` · ${LANGUAGES.names[language] || language}` : "");
/* A canned response in the conversation's language, when it has one. */
const cannedText = (item) => {
  const conversation = conversations.get(selected);
  return (conversation && item.translations[conversation.language]) || item.text;
};
const conversations = new Map();
/* Text someone typed, isolated (<bdi>, direction from its own first letter) so that
 * right-to-left text cannot reorder the console around it. */
const typed = (value) => {
  const element = document.createElement("bdi");
  element.className = "typed";
  element.textContent = value;
  return element;
};
/* Where the server took hidden or direction-changing characters out (docs/protocol.md). */
const HIDDEN_NOTICE = `Hidden formatting characters were removed where ${HIDDEN_MARKER} appears.`;
const hiddenNotice = () => {
  const notice = document.createElement("span");
  notice.className = "hidden-notice";
  notice.textContent = HIDDEN_NOTICE;
  return notice;
};
// Lines and notes sent but not yet acked, sent again after a reconnect.
const outbox = new Outbox();
const chat = new ChatSocket("/ws/agent/", {
  onFrame: (frame) => handle(frame),
  onRetry: (delay) => {
    $("connection").textContent = `Disconnected. Reconnecting in ${Math.ceil(delay / 1000)} s…`;
  },
  onFinal: () => {
    $("connection").textContent = "Your session has ended. Sign in again.";
  },
  finalCodes: [CLOSE.UNAUTHENTICATED],
});
let selected = null;
let knownQueue = new Set();
let queue = [];
let queueTotal = 0; // the whole queue's length; the server sends only its head
let typingTimer = null;
let typingSent = false;

function since(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/* ---------- socket ---------- */

function send(frame) {
  if (chat.send(frame)) return true;
  $("error").textContent = "Not connected. Your message was not sent.";
  return false;
}

function handle(frame) {
  switch (frame.type) {
    case "snapshot":
      chat.settled();
      $("connection").textContent = `Connected as ${frame.agent.name}.`;
      $("available").checked = frame.agent.status === "available";
      frame.conversations.forEach(adopt);
      setQueue(frame.queue, frame.queue_total);
      renderMine();
      outbox.resend(chat);
      break;
    case "presence":
      $("available").checked = frame.status === "available";
      $("available").dataset.confirmed = frame.status; // what the server last confirmed
      break;
    case "queue":
      setQueue(frame.queue, frame.total);
      break;
    case "assigned":
      adopt(frame.conversation);
      renderMine();
      if (!selected) select(frame.conversation.conversation_id);
      break;
    case "unassigned":
      drop(frame.conversation_id);
      break;
    case "erased":
      drop(frame.conversation_id);
      $("notice").textContent = "A conversation was erased at the visitor's request and has been removed.";
      $("notice").hidden = false;
      break;
    case "message":
      addMessage(frame);
      break;
    case "ack":
      acknowledged(frame);
      break;
    case "status":
      statusChanged(frame);
      break;
    case "typing":
      if (frame.conversation_id === selected) $("typing").hidden = !frame.active;
      break;
    case "details":
      if (conversations.has(frame.conversation_id)) {
        conversations.get(frame.conversation_id).details = frame.details;
        if (selected === frame.conversation_id) renderVisitor();
      }
      break;
    case "history":
      frame.messages.forEach((message) => addMessage(message));
      break;
    case "emergency":
      if (conversations.has(frame.conversation_id)) {
        conversations.get(frame.conversation_id).emergency = frame.emergency;
        renderMine();
        if (selected === frame.conversation_id) renderVisitor();
      }
      break;
    case "error":
      refused(frame);
      break;
    default:
      break;
  }
}

/* ---------- queue ---------- */

function setQueue(entries, total) {
  queue = entries;
  queueTotal = Math.max(total ?? entries.length, entries.length);
  const ids = new Set(entries.map((entry) => entry.conversation_id));
  const fresh = [...ids].some((id) => !knownQueue.has(id));
  knownQueue = ids;
  if (fresh) {
    $("queue-alert").hidden = false;
    setTimeout(() => {
      $("queue-alert").hidden = true;
    }, 6000);
  }
  renderQueue();
}

function renderQueue() {
  $("queue-count").textContent = String(queueTotal);
  const list = $("queue");
  list.textContent = "";
  queue.forEach((entry) => {
    const item = document.createElement("li");
    const label = document.createElement("span");
    const kind = entry.awaiting_reply ? "Message left, visitor gone" : entry.status === "offline" ? "Leaving a message" : "Waiting";
    label.textContent = `${kind} ${since(entry.waiting_since)}${spoken(entry.language)}${entry.has_details ? " · details given" : ""}${entry.special_category ? " · special category" : ""}`;
    if (entry.emergency) {
      item.classList.add("emergency");
      const badge = document.createElement("strong");
      badge.className = "emergency-label";
      badge.textContent = `Emergency: ${entry.emergency.label}`;
      label.prepend(badge, document.createElement("br"));
    }
    const accept = document.createElement("button");
    accept.type = "button";
    accept.textContent = "Accept";
    accept.addEventListener("click", () => send({ type: "accept", conversation_id: entry.conversation_id }));
    item.append(label, accept);
    list.appendChild(item);
  });
  if (queueTotal > queue.length) {
    const more = document.createElement("li");
    more.className = "queue-more";
    more.textContent = `and ${queueTotal - queue.length} more`;
    list.appendChild(more);
  }
}

/* ---------- conversations ---------- */

function adopt(summary) {
  const existing = conversations.get(summary.conversation_id);
  const conversation = existing || {
    id: summary.conversation_id,
    messages: new Map(),
    pending: new Map(),
    unread: 0,
  };
  Object.assign(conversation, {
    status: summary.status,
    startedAt: summary.started_at,
    details: summary.details || {},
    detailsErased: summary.details_erased,
    special: summary.special_category,
    emergency: summary.emergency,
    language: summary.language,
    unreadable: Boolean(summary.unreadable),
  });
  summary.messages.forEach((message) => conversation.messages.set(message.seq, message));
  conversations.set(conversation.id, conversation);
}

function drop(id) {
  conversations.delete(id);
  if (selected === id) select(null);
  renderMine();
}

function renderMine() {
  const list = $("mine");
  list.textContent = "";
  conversations.forEach((conversation) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const urgent = conversation.emergency ? `Emergency: ${conversation.emergency.label} · ` : "";
    button.append(
      urgent,
      typed(conversation.details.name || "Visitor"),
      `${spoken(conversation.language)} · ${conversation.status}${conversation.unread ? ` (${conversation.unread} new)` : ""}`
    );
    if (conversation.emergency) item.classList.add("emergency");
    button.setAttribute("aria-current", conversation.id === selected ? "true" : "false");
    button.addEventListener("click", () => select(conversation.id));
    item.appendChild(button);
    list.appendChild(item);
  });
}

function select(id) {
  selected = id;
  $("empty").hidden = Boolean(id);
  $("conversation").hidden = !id;
  $("typing").hidden = true;
  $("error").textContent = "";
  if (id) {
    const conversation = conversations.get(id);
    conversation.unread = 0;
    renderLog();
    renderVisitor();
    $("text").focus();
  } else {
    $("log").textContent = "";
    $("details").textContent = "";
  }
  renderMine();
}

function renderLog() {
  const conversation = conversations.get(selected);
  const log = $("log");
  log.textContent = "";
  if (conversation.unreadable) {
    log.appendChild(
      entry({ from: "system", text: "This transcript cannot be opened: its master key is missing. Ask an administrator." })
    );
  }
  [...conversation.messages.keys()].sort((a, b) => a - b).forEach((seq) => {
    log.appendChild(entry(conversation.messages.get(seq)));
  });
  conversation.pending.forEach((pending) => {
    const item = entry({ from: pending.note ? "note" : "agent", text: pending.text });
    item.classList.add("pending");
    log.appendChild(item);
  });
  log.scrollTop = log.scrollHeight;
}

function entry(message) {
  const item = document.createElement("li");
  item.className = message.from;
  const meta = document.createElement("span");
  meta.className = "meta";
  const when = message.at ? new Date(message.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  const who = { visitor: "Visitor", agent: "You", system: "", note: "Note" }[message.from] || "";
  meta.textContent = `${when} ${who}`.trim();
  const text = typed(message.text);
  text.classList.add("text");
  item.append(meta, text);
  if (message.text && message.text.includes(HIDDEN_MARKER)) item.append(hiddenNotice());
  if (message.attachment) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "photo-button";
    const image = document.createElement("img");
    image.src = message.attachment.thumbnail_url;
    image.alt = `Photo (${message.attachment.width} × ${message.attachment.height}); open full size`;
    button.appendChild(image);
    button.addEventListener("click", () => {
      $("viewer-image").src = message.attachment.url;
      $("viewer").showModal();
    });
    text.replaceWith(button);
  }
  return item;
}

function renderVisitor() {
  const conversation = conversations.get(selected);
  $("conversation-title").replaceChildren(typed(conversation.details.name || "Visitor"));
  $("special").hidden = !conversation.special;
  $("emergency").hidden = !conversation.emergency;
  $("emergency-label").textContent = conversation.emergency ? `Emergency: ${conversation.emergency.label}` : "";
  const list = $("details");
  list.textContent = "";
  const rows = conversation.detailsErased
    ? [["Details", "Details erased"]]
    : [
        ["Name", conversation.details.name || "not given"],
        ["Email", conversation.details.email || "not given"],
        ["Address", conversation.details.address || "not given"],
      ];
  rows.push(["Language", LANGUAGES.names[conversation.language] || conversation.language || ""]);
  rows.push(["Started", conversation.startedAt ? new Date(conversation.startedAt).toLocaleString() : ""]);
  rows.forEach(([term, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.append(typed(value));
    if (value.includes(HIDDEN_MARKER)) dd.append(hiddenNotice());
    list.append(dt, dd);
  });
}

function addMessage(frame) {
  const conversation = conversations.get(frame.conversation_id);
  if (!conversation || conversation.messages.has(frame.seq)) return;
  const lastSeq = Math.max(0, ...conversation.messages.keys());
  if (frame.seq > lastSeq + 1 && lastSeq > 0) {
    send({ type: "history", conversation_id: conversation.id, after_seq: lastSeq });
  }
  conversation.messages.set(frame.seq, frame);
  if (frame.client_id) conversation.pending.delete(frame.client_id);
  if (frame.conversation_id === selected) {
    renderLog();
    if (frame.from === "visitor") $("typing").hidden = true;
  } else if (frame.from === "visitor") {
    conversation.unread += 1;
    renderMine();
  }
}

function refused(frame) {
  if (frame.ref && outbox.has(frame.ref)) {
    if (frame.code === ERROR.SERVER_ERROR && frame.retryable) {
      setTimeout(() => outbox.resend(chat), 2000);
      return;
    }
    outbox.settle(frame.ref);
    conversations.forEach((conversation) => conversation.pending.delete(frame.ref));
    if (selected) renderLog();
  }
  $("error").textContent = frame.message;
}

function acknowledged(frame) {
  outbox.settle(frame.client_id);
  const conversation = conversations.get(frame.conversation_id);
  if (conversation) {
    conversation.pending.delete(frame.client_id);
    if (frame.conversation_id === selected) renderLog();
  }
}

function statusChanged(frame) {
  const conversation = conversations.get(frame.conversation_id);
  if (!conversation) return;
  conversation.status = frame.status;
  if (frame.status === "closed") {
    drop(frame.conversation_id);
  } else {
    renderMine();
  }
}

/* ---------- composing ---------- */

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  if (!text || !selected) return;
  const note = $("as-note").checked;
  const id = newClientId();
  const conversation = conversations.get(selected);
  conversation.pending.set(id, { text, note });
  const frame = { type: note ? "note" : "message", conversation_id: selected, client_id: id, text };
  outbox.add(frame);
  $("text").value = "";
  stopTyping();
  $("error").textContent = chat.send(frame) ? "" : "Not connected: it will be sent when the connection is back.";
  renderLog();
});

$("text").addEventListener("keydown", (event) => {
  const suggestions = $("canned-suggestions");
  if (event.key === "Tab" && !suggestions.hidden && suggestions.firstChild) {
    event.preventDefault();
    suggestions.firstChild.click();
    return;
  }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
});

$("text").addEventListener("input", () => {
  const value = $("text").value;
  const suggestions = $("canned-suggestions");
  suggestions.textContent = "";
  const match = value.match(/^\/(\S*)$/);
  const options = match ? canned.filter((item) => item.shortcut.startsWith(match[1])) : [];
  options.slice(0, 6).forEach((item) => {
    const option = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `/${item.shortcut}: ${cannedText(item)}`;
    button.addEventListener("click", () => {
      $("text").value = cannedText(item);
      suggestions.hidden = true;
      $("text").focus();
    });
    option.appendChild(button);
    suggestions.appendChild(option);
  });
  suggestions.hidden = options.length === 0;
  if (selected && !match) {
    if (!typingSent) typingSent = send({ type: "typing", conversation_id: selected, active: true });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, 4000);
  }
});

function stopTyping() {
  clearTimeout(typingTimer);
  if (typingSent && selected) send({ type: "typing", conversation_id: selected, active: false });
  typingSent = false;
}

/* ---------- presence, transfer, close ---------- */

$("available").addEventListener("change", (event) => {
  send({ type: "presence", status: event.target.checked ? "available" : "away" });
});

async function loadAgents() {
  const select = $("transfer-to");
  const response = await fetch("/console/agents/", { credentials: "same-origin" });
  const { agents } = await response.json();
  select.textContent = "";
  const placeholder = document.createElement("option");
  placeholder.value = "";
  placeholder.textContent = agents.length ? "Transfer to…" : "No one else is available";
  select.appendChild(placeholder);
  agents.forEach((agent) => {
    const option = document.createElement("option");
    option.value = String(agent.id);
    option.textContent = agent.name;
    select.appendChild(option);
  });
}

$("transfer-to").addEventListener("focus", loadAgents);
$("transfer-to").addEventListener("mousedown", loadAgents);

$("transfer").addEventListener("click", () => {
  const target = Number($("transfer-to").value);
  if (!selected || !target) {
    $("error").textContent = "Choose an available agent to transfer to.";
    return;
  }
  send({ type: "transfer", conversation_id: selected, to_agent_id: target });
});

$("close-chat").addEventListener("click", () => {
  if (selected) send({ type: "close", conversation_id: selected });
});

setInterval(renderQueue, 15000);
chat.connect();

$("clear-emergency").addEventListener("click", () => {
  if (selected) send({ type: "clear_emergency", conversation_id: selected });
});

/* ---------- photos ---------- */

function csrfToken() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
}

$("viewer-close").addEventListener("click", () => $("viewer").close());

$("agent-photo").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  const status = $("photo-status");
  event.target.value = "";
  if (!file || !selected) return;
  if (!PHOTO_TYPES.includes(file.type)) {
    status.textContent = "Only photos (JPEG, PNG, WebP or HEIC) can be sent.";
    return;
  }
  const url = `/console/photos/?conversation_id=${selected}&client_id=${newClientId()}`;
  try {
    await uploadPhoto(url, file, { "X-CSRFToken": csrfToken() }, (percent) => {
      status.textContent = `Sending photo… ${percent}%`;
    });
    status.textContent = "";
  } catch (problem) {
    status.textContent = problem.message;
  }
});
