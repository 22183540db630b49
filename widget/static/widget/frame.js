/* The visitor chat inside the widget iframe. Vanilla JavaScript, no build step.
 *
 * The socket, the conversation and everything the visitor types live only in
 * this iframe (the chat server's origin), never in the host page. The resume
 * token and unsent messages are kept in this iframe's sessionStorage so a page
 * navigation or reload resumes the chat; nothing is stored until the visitor
 * opens the widget, because the loader creates this iframe only then.
 * All text is rendered with textContent. An ES module: the socket and the outbox
 * are the ones the console uses too.
 */
import { CLOSE, CLOSE_NORMAL, ERROR } from "../chatserver/protocol.js";
import { ChatSocket, Outbox, newClientId } from "../chatserver/socket.js";
import { PHOTO_TYPES, describeSize, photoBlobUrl, uploadPhoto } from "../chatserver/photos.js";
import { looksLikeBankDetails } from "./bankdetails.js";

const STORAGE_KEY = "housing-chat";
const PING_MS = 240000;
const TYPING_IDLE_MS = 4000;
const body = document.body;
const MAX_TEXT = Number(body.dataset.maxText) || 4000;
const ALLOWED_PARENTS = (body.dataset.allowedOrigins || "").split(" ").filter(Boolean);
const EXIT_URL = body.dataset.exitUrl;
const DOUBLE_ESCAPE_MS = 1000;
const $ = (id) => document.getElementById(id);
const el = {
  state: $("state"), prechat: $("prechat"), chat: $("chat"), ended: $("ended"),
  log: $("log"), typing: $("typing"), announce: $("announce"), composer: $("composer"),
  text: $("text"), sendError: $("send-error"), prechatError: $("prechat-error"),
  warning: $("warning"), copyForm: $("copy-form"), copyEmail: $("copy-email"),
  copyResult: $("copy-result"),
  hours: $("hours"), ratingForm: $("rating-form"), ratingResult: $("rating-result"),
};

const saved = loadState();
const outbox = new Outbox(saved.outbox, (frames) => {
  saved.outbox = frames;
  saveState();
});
const chat = new ChatSocket("/ws/visitor/", {
  onOpen: () => send({ type: "hello", token: saved.token, after_seq: lastSeq() }),
  onFrame: (frame) => handle(frame),
  onRetry: (delay) => setState(`Connection lost. Reconnecting in ${Math.ceil(delay / 1000)} s…`),
  finalCodes: [CLOSE.IDLE, CLOSE_NORMAL],
  pingMs: PING_MS,
});
let greeted = false;
let startWhenConnected = null;
let typingTimer = null;
let typingSent = false;
let parentOrigin = null;
let heldText = null;
let notice = "";
let visitorEmail = "";
let hours = null;
let lastEscape = 0;
let ratingPending = false;
let photoLimit = 10 * 1048576;
let chosenPhoto = null;
const bySeq = new Map();
const pending = new Map();

function loadState() {
  try {
    const state = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
    const lines = Array.isArray(state.outbox) ? state.outbox : [];
    return {
      token: state.token || null,
      outbox: lines.map((line) => ({ type: "message", client_id: line.client_id, text: line.text })),
    };
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
  outbox.clear();
  saved.token = null;
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
    toParent({ type: "chat:ready", exitUrl: EXIT_URL });
    focusFirst();
  } else if (data.type === "chat:quick-exit") {
    parentOrigin = event.origin;
    quickExit();
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

/* ---------- opening hours, shown in the landlord's time zone ---------- */

function localParts(iso, timeZone) {
  const parts = {};
  new Intl.DateTimeFormat("en-GB", {
    timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(iso)).forEach((part) => { parts[part.type] = part.value; });
  parts.date = `${parts.year}-${parts.month}-${parts.day}`;
  return parts;
}

function when(iso, timeZone) {
  const then = localParts(iso, timeZone);
  const today = localParts(new Date().toISOString(), timeZone);
  const time = `${then.hour}:${then.minute}`;
  if (then.date === today.date) return `today ${time}`;
  const days = (new Date(iso) - new Date()) / 86400000;
  return days < 6 ? `${then.weekday} ${time}` : `${then.weekday} ${then.day} ${then.month} ${time}`;
}

function hoursText(answer) {
  if (!answer) return "";
  if (answer.open && answer.closes_at) return `We're open until ${when(answer.closes_at, answer.time_zone).replace(/^today /, "")}.`;
  if (!answer.open && answer.opens_at) return `We're closed. Opens ${when(answer.opens_at, answer.time_zone)}.`;
  return answer.open ? "" : "We're closed.";
}

function showHours(answer) {
  hours = answer || hours;
  el.hours.textContent = hoursText(hours);
}

function offlineText(frame) {
  const answer = frame.hours || hours;
  if (frame.reason === "closed") {
    const opens = answer && answer.opens_at ? ` when we open (${when(answer.opens_at, answer.time_zone)})` : " when we are next open";
    return `We're closed right now, so no adviser can answer. Leave a message and we'll reply${opens}, by email if you give us one.`;
  }
  return "No advisers are available right now. Leave a message and we'll reply as soon as one is free, by email if you give us one.";
}

function applyStatus(frame) {
  const status = frame.status;
  if (frame.hours) showHours(frame.hours);
  if (status === "waiting") {
    show("chat");
    setState(
      frame.queue_position
        ? `You are number ${frame.queue_position} in the queue. An adviser will be with you soon.`
        : "Waiting for an adviser…"
    );
  } else if (status === "offline") {
    show("chat");
    setState(offlineText(frame));
  } else if (status === "active") {
    show("chat");
    const name = frame.agent && frame.agent.name;
    setState(name ? `You are chatting with ${name}.` : "You are chatting with an adviser.");
  } else if (status === "closed") {
    show("ended");
    setState("This chat has ended.");
    el.copyEmail.value = visitorEmail;
    el.ratingForm.hidden = Boolean(el.ratingResult.textContent);
    el.typing.hidden = true;
  }
}

function entry(frame, li) {
  const item = li || document.createElement("li");
  item.className = frame.from || "visitor";
  item.textContent = frame.text;
  if (frame.at) item.title = new Date(frame.at).toLocaleString();
  if (frame.attachment) showPhoto(item, frame.attachment);
  return item;
}

/* ---------- photos ---------- */

const bearer = () => ({ Authorization: `Bearer ${saved.token}` });

function showPhoto(item, attachment) {
  item.textContent = "";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "photo-button";
  const image = document.createElement("img");
  image.alt = item.className === "visitor" ? "Your photo" : "Photo from the adviser";
  button.appendChild(image);
  button.addEventListener("click", () => openViewer(attachment.url));
  item.appendChild(button);
  photoBlobUrl(attachment.thumbnail_url, bearer()).then(
    (url) => { image.src = url; },
    () => { image.alt = "This photo cannot be shown"; }
  );
}

async function openViewer(url) {
  try {
    $("viewer-image").src = await photoBlobUrl(url, bearer());
    $("viewer").showModal();
  } catch (error) {
    el.sendError.textContent = "This photo cannot be shown.";
  }
}

$("viewer-close").addEventListener("click", () => $("viewer").close());

function choosePhoto(file) {
  el.sendError.textContent = "";
  if (!file) return;
  if (!PHOTO_TYPES.includes(file.type)) {
    el.sendError.textContent = "Only photos (JPEG, PNG, WebP or HEIC) can be sent.";
    return;
  }
  if (file.size > photoLimit) {
    el.sendError.textContent = `That photo is ${describeSize(file.size)}; photos may be up to ${describeSize(photoLimit)}.`;
    return;
  }
  chosenPhoto = { file, clientId: newClientId() };
  const preview = $("photo-preview-image");
  preview.hidden = false;
  preview.onerror = () => { preview.hidden = true; }; // HEIC: no preview in some browsers
  preview.src = URL.createObjectURL(file);
  $("photo-preview-name").textContent = `${file.name || "Photo"} (${describeSize(file.size)})`;
  $("photo-error").textContent = "";
  $("photo-progress").hidden = true;
  $("photo-send").hidden = false;
  $("photo-retry").hidden = true;
  $("photo-preview").hidden = false;
  $("photo-send").focus();
}

async function sendPhoto() {
  if (!chosenPhoto || !saved.token) return;
  const progress = $("photo-progress");
  progress.hidden = false;
  progress.value = 0;
  $("photo-send").hidden = true;
  $("photo-retry").hidden = true;
  $("photo-error").textContent = "";
  try {
    await uploadPhoto(`/chat/photos/?client_id=${chosenPhoto.clientId}`, chosenPhoto.file, bearer(), (percent) => {
      progress.value = percent;
      progress.textContent = `${percent}%`;
    });
    closePreview();
  } catch (problem) {
    $("photo-error").textContent = problem.message;
    $("photo-retry").hidden = false;
    $("photo-retry").focus();
  }
}

function closePreview() {
  chosenPhoto = null;
  $("photo-preview").hidden = true;
  $("photo-input").value = "";
  el.text.focus();
}

$("photo-input").addEventListener("change", (event) => choosePhoto(event.target.files[0]));
$("photo-send").addEventListener("click", sendPhoto);
$("photo-retry").addEventListener("click", sendPhoto);
$("photo-cancel").addEventListener("click", closePreview);
el.text.addEventListener("paste", (event) => {
  const file = [...(event.clipboardData ? event.clipboardData.files : [])].find((item) => item.type.startsWith("image/"));
  if (file) {
    event.preventDefault();
    choosePhoto(file);
  }
});
el.chat.addEventListener("dragover", (event) => {
  event.preventDefault();
  el.chat.classList.add("dropping");
});
el.chat.addEventListener("dragleave", () => el.chat.classList.remove("dropping"));
el.chat.addEventListener("drop", (event) => {
  event.preventDefault();
  el.chat.classList.remove("dropping");
  choosePhoto(event.dataTransfer.files[0]);
});

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
  if (chat.isOpen) return;
  setState(greeted ? "Reconnecting…" : "Connecting…");
  chat.connect();
}

function send(frame) {
  return chat.send(frame);
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
    case "rated":
      el.ratingForm.hidden = true;
      el.ratingResult.textContent = "Thank you for your feedback.";
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
  chat.settled();
  saved.token = frame.token;
  saveState();
  showHours(frame.hours);
  if (frame.limits && frame.limits.photo_bytes) photoLimit = frame.limits.photo_bytes;
  if (!frame.conversation) {
    if (startWhenConnected) {
      send({ type: "start", details: startWhenConnected });
      startWhenConnected = null;
      return;
    }
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
  outbox.settle(frame.client_id);
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
  if (frame.code === ERROR.SERVER_ERROR && frame.retryable && item) {
    setTimeout(flushOutbox, 2000);
    return;
  }
  if (item) {
    item.classList.remove("pending");
    item.classList.add("failed");
    pending.delete(frame.ref);
    outbox.settle(frame.ref);
  }
  const messages = {
    [ERROR.TOO_LONG]: `Your message is too long: the limit is ${frame.limit || MAX_TEXT} characters.`,
    [ERROR.RATE_LIMITED]: `You are sending messages too quickly. Please wait ${Math.ceil(frame.retry_after || 1)} s.`,
    [ERROR.NOT_STARTED]: "Please start the chat first.",
  };
  const text = messages[frame.code] || frame.message || "Something went wrong.";
  if (!el.prechat.hidden) el.prechatError.textContent = text;
  else if (!el.ended.hidden && ratingPending) el.ratingResult.textContent = text;
  else if (!el.ended.hidden) el.copyResult.textContent = text;
  else el.sendError.textContent = text;
}

/* ---------- sending ---------- */

function queueMessage(text) {
  const clientId = newClientId();
  const item = entry({ from: "visitor", text });
  item.classList.add("pending");
  el.log.appendChild(item);
  el.log.scrollTop = el.log.scrollHeight;
  pending.set(clientId, item);
  const frame = { type: "message", client_id: clientId, text };
  outbox.add(frame);
  if (!send(frame)) connect();
}

function flushOutbox() {
  outbox.list().forEach((frame) => {
    if (!pending.has(frame.client_id)) {
      const li = entry({ from: "visitor", text: frame.text });
      li.classList.add("pending");
      el.log.appendChild(li);
      pending.set(frame.client_id, li);
    }
  });
  outbox.resend(chat);
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
  setState("Starting your chat…");
  if (!send({ type: "start", details })) {
    startWhenConnected = details; // sent as soon as the server greets this page
    connect();
  }
});

$("end").addEventListener("click", () => send({ type: "end" }));

$("restart").addEventListener("click", () => {
  $("copy-form").hidden = false;
  resetRating();
  $("forget").hidden = false;
  $("forget-result").textContent = "";
  el.log.textContent = "";
  bySeq.clear();
  pending.clear();
  show("prechat");
  setState("");
  $("name").focus();
});

/* Forgets this device's copy: the stored token and outbox, the log and what was typed. */
function wipeLocalCopy(fields) {
  clearState();
  visitorEmail = "";
  el.log.textContent = "";
  bySeq.clear();
  pending.clear();
  fields.forEach((id) => {
    $(id).value = "";
  });
}

$("clear").addEventListener("click", () => {
  wipeLocalCopy(["name", "email", "address", "copy-email"]);
  el.copyResult.textContent = "";
  chat.close(CLOSE_NORMAL);
  show("prechat");
  notice = "This device's copy of the chat has been cleared.";
  setState(notice);
  greeted = false;
  connect();
});

el.ratingForm.addEventListener("submit", (event) => {
  event.preventDefault();
  el.ratingResult.textContent = "";
  const chosen = el.ratingForm.querySelector("input[name=score]:checked");
  if (!chosen) {
    el.ratingResult.textContent = "Please choose a score from 1 to 5.";
    return;
  }
  const comment = $("rating-comment").value.trim();
  ratingPending = true;
  if (!send({ type: "rate", score: Number(chosen.value), comment: comment || null })) {
    el.ratingResult.textContent = "Not connected. Please try again in a moment.";
    connect();
  }
});

function resetRating() {
  ratingPending = false;
  el.ratingForm.reset();
  el.ratingForm.hidden = false;
  el.ratingResult.textContent = "";
}

el.copyForm.addEventListener("submit", (event) => {
  ratingPending = false;
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
  el.ratingForm.hidden = true;
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

/* ---------- quick exit ---------- */

function quickExit() {
  send({ type: "exit" });
  wipeLocalCopy(["name", "email", "address", "copy-email", "text", "rating-comment"]);
  chat.close(CLOSE_NORMAL);
  if (parentOrigin) {
    toParent({ type: "chat:exit", url: EXIT_URL });
  } else {
    window.top.location.replace(EXIT_URL); // opened on its own, not inside a landlord page
  }
}

$("quick-exit").addEventListener("click", quickExit);

/* ---------- keyboard: Escape closes (twice: quick exit), Tab stays inside ---------- */

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    const now = Date.now();
    if (now - lastEscape < DOUBLE_ESCAPE_MS) {
      quickExit();
      return;
    }
    lastEscape = now;
    toParent({ type: "chat:close", via: "escape" });
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
body.dataset.ready = "true"; // every handler is attached (tests wait for it)
