/* The visitor chat inside the widget iframe. Vanilla JavaScript, no build step.
 *
 * The socket, the conversation and everything the visitor types live only in
 * this iframe (the chat server's origin), never in the host page. The resume
 * token and unsent messages are kept in this iframe's sessionStorage so a page
 * navigation or reload resumes the chat; nothing is stored until the visitor
 * opens the widget, because the loader creates this iframe only then.
 * All text is rendered with textContent. Every line this script writes comes from
 * the page's "strings" (translated on the server: widget/strings.py), in the page's
 * language. An ES module: the socket and the outbox are the ones the console uses too.
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
const LANGUAGE = document.documentElement.lang; // the server's choice for this page
const STRINGS = JSON.parse($("strings").textContent);
/* A line in the page's language, with {name} filled from `values`. */
const t = (key, values = {}) => STRINGS[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
const el = {
  state: $("state"), prechat: $("prechat"), chat: $("chat"), ended: $("ended"),
  log: $("log"), typing: $("typing"), announce: $("announce"), composer: $("composer"),
  text: $("text"), sendError: $("send-error"), prechatError: $("prechat-error"),
  warning: $("warning"), copyForm: $("copy-form"), copyEmail: $("copy-email"),
  copyResult: $("copy-result"), codeForm: $("code-form"), copyCode: $("copy-code"),
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
  onRetry: (delay) => setState(t("retrying", { seconds: Math.ceil(delay / 1000) })),
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
let codeEmail = ""; // the address the last code was emailed to
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

/* The moment's date and time in `timeZone` (the visitor's own when undefined), with
 * the names of its day and month in the page's language. */
function localParts(iso, timeZone) {
  const parts = {};
  new Intl.DateTimeFormat("en-GB", {
    timeZone, day: "numeric", month: "numeric", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(iso)).forEach((part) => { parts[part.type] = part.value; });
  const weekday = (new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay() + 6) % 7;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    day: Number(parts.day), year: parts.year,
    month: STRINGS.months[parts.month - 1], weekday: STRINGS.weekdays[weekday],
  };
}

function when(iso, timeZone) {
  const then = localParts(iso, timeZone);
  if (then.date === localParts(new Date().toISOString(), timeZone).date) return t("today_at", then);
  const days = (new Date(iso) - new Date()) / 86400000;
  return t(days < 6 ? "weekday_at" : "date_at", then);
}

const moment = (iso) => t("moment", localParts(iso));

function hoursText(answer) {
  if (!answer) return "";
  if (answer.open && answer.closes_at) return t("open_until", localParts(answer.closes_at, answer.time_zone));
  if (!answer.open && answer.opens_at) return t("closed_opens", { when: when(answer.opens_at, answer.time_zone) });
  return answer.open ? "" : t("closed");
}

function showHours(answer) {
  hours = answer || hours;
  el.hours.textContent = hoursText(hours);
}

function offlineText(frame) {
  const answer = frame.hours || hours;
  if (frame.reason === "closed") {
    return answer && answer.opens_at
      ? t("offline_closed_until", { when: when(answer.opens_at, answer.time_zone) })
      : t("offline_closed");
  }
  return t("offline_busy");
}

function applyStatus(frame) {
  const status = frame.status;
  if (frame.hours) showHours(frame.hours);
  if (status === "waiting") {
    show("chat");
    setState(frame.queue_position ? t("queue_position", { position: frame.queue_position }) : t("waiting"));
  } else if (status === "offline") {
    show("chat");
    setState(offlineText(frame));
  } else if (status === "active") {
    show("chat");
    const name = frame.agent && frame.agent.name;
    setState(name ? t("chatting_with", { name }) : t("chatting"));
  } else if (status === "closed") {
    show("ended");
    setState(t("ended"));
    el.copyEmail.value = visitorEmail;
    el.ratingForm.hidden = Boolean(el.ratingResult.textContent);
    el.typing.hidden = true;
  }
}

function entry(frame, li) {
  const item = li || document.createElement("li");
  item.className = frame.from || "visitor";
  item.textContent = frame.text;
  if (frame.at) item.title = moment(frame.at);
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
  image.alt = item.className === "visitor" ? t("your_photo") : t("adviser_photo");
  button.appendChild(image);
  button.addEventListener("click", () => openViewer(attachment.url));
  item.appendChild(button);
  photoBlobUrl(attachment.thumbnail_url, bearer()).then(
    (url) => { image.src = url; },
    () => { image.alt = t("photo_unavailable"); }
  );
}

async function openViewer(url) {
  try {
    $("viewer-image").src = await photoBlobUrl(url, bearer());
    $("viewer").showModal();
  } catch (error) {
    el.sendError.textContent = t("photo_unavailable");
  }
}

$("viewer-close").addEventListener("click", () => $("viewer").close());

function choosePhoto(file) {
  el.sendError.textContent = "";
  if (!file) return;
  if (!PHOTO_TYPES.includes(file.type)) {
    el.sendError.textContent = t("photo_types");
    return;
  }
  if (file.size > photoLimit) {
    el.sendError.textContent = t("photo_too_big", { size: describeSize(file.size), limit: describeSize(photoLimit) });
    return;
  }
  chosenPhoto = { file, clientId: newClientId() };
  const preview = $("photo-preview-image");
  preview.hidden = false;
  preview.onerror = () => { preview.hidden = true; }; // HEIC: no preview in some browsers
  preview.src = URL.createObjectURL(file);
  $("photo-preview-name").textContent = `${file.name || t("photo")} (${describeSize(file.size)})`;
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
    const url = `/chat/photos/?client_id=${chosenPhoto.clientId}&lang=${LANGUAGE}`;
    await uploadPhoto(url, chosenPhoto.file, bearer(), (percent) => {
      progress.value = percent;
      progress.textContent = `${percent}%`;
    }, { notSent: (status) => t("photo_not_sent", { status }), connection: t("photo_connection") });
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
    el.announce.textContent = frame.from === "agent" ? t("adviser_said", { text: frame.text }) : frame.text;
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
  setState(t(greeted ? "reconnecting" : "connecting"));
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
    case "email_code_sent":
      return codeSent(frame);
    case "transcript_emailed":
      hideCodeForm();
      el.copyResult.textContent = t("copy_sent");
      return undefined;
    case "rated":
      el.ratingForm.hidden = true;
      el.ratingResult.textContent = t("rated");
      return undefined;
    case "forgotten":
      return forgotten(frame.receipt);
    case "erased":
      return erased();
    default:
      return undefined;
  }
}

/* The visitor's language travels with the start, so the server answers in it. */
function startFrame(details) {
  return { type: "start", details, language: LANGUAGE };
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
      send(startFrame(startWhenConnected));
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
    [ERROR.TOO_LONG]: () => t("too_long", { limit: frame.limit || MAX_TEXT }),
    // A start refused on the pre-chat form: too many chats started, or waiting, from here.
    [ERROR.RATE_LIMITED]: () =>
      !el.prechat.hidden ? t("too_many_chats") : t("rate_limited", { seconds: Math.ceil(frame.retry_after || 1) }),
    [ERROR.NOT_STARTED]: () => t("not_started"),
    [ERROR.INVALID]: () => t("invalid"),
  };
  const text = (messages[frame.code] || (() => t("failed")))();
  if (!el.prechat.hidden) el.prechatError.textContent = text;
  else if (!el.ended.hidden && ratingPending) el.ratingResult.textContent = text;
  else if (!el.ended.hidden) el.copyResult.textContent = copyRefusal(frame) || text;
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
    el.sendError.textContent = t("too_long", { limit: MAX_TEXT });
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
  if (details.email && !$("email").checkValidity()) {
    el.prechatError.textContent = t("bad_email");
    $("email").focus();
    return;
  }
  visitorEmail = details.email || "";
  setState(t("starting"));
  if (!send(startFrame(details))) {
    startWhenConnected = details; // sent as soon as the server greets this page
    connect();
  }
});

$("end").addEventListener("click", () => send({ type: "end" }));

$("restart").addEventListener("click", () => {
  $("copy-form").hidden = false;
  hideCodeForm();
  el.copyResult.textContent = "";
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
  codeEmail = "";
  el.log.textContent = "";
  bySeq.clear();
  pending.clear();
  fields.forEach((id) => {
    $(id).value = "";
  });
}

$("clear").addEventListener("click", () => {
  wipeLocalCopy(["name", "email", "address", "copy-email"]);
  hideCodeForm();
  el.copyResult.textContent = "";
  chat.close(CLOSE_NORMAL);
  show("prechat");
  notice = t("cleared");
  setState(notice);
  greeted = false;
  connect();
});

el.ratingForm.addEventListener("submit", (event) => {
  event.preventDefault();
  el.ratingResult.textContent = "";
  const chosen = el.ratingForm.querySelector("input[name=score]:checked");
  if (!chosen) {
    el.ratingResult.textContent = t("choose_score");
    return;
  }
  const comment = $("rating-comment").value.trim();
  ratingPending = true;
  if (!send({ type: "rate", score: Number(chosen.value), comment: comment || null })) {
    el.ratingResult.textContent = t("not_connected");
    connect();
  }
});

function resetRating() {
  ratingPending = false;
  el.ratingForm.reset();
  el.ratingForm.hidden = false;
  el.ratingResult.textContent = "";
}

/* ---------- the emailed copy: a code is emailed first, the copy once it is typed ---------- */

el.copyForm.addEventListener("submit", (event) => {
  ratingPending = false;
  event.preventDefault();
  el.copyResult.textContent = "";
  const email = el.copyEmail.value.trim();
  if (!email) {
    el.copyResult.textContent = t("enter_email");
    return;
  }
  codeEmail = email;
  if (!send({ type: "email_transcript", email })) {
    el.copyResult.textContent = t("not_connected");
    connect();
  }
});

el.codeForm.addEventListener("submit", (event) => {
  ratingPending = false;
  event.preventDefault();
  el.copyResult.textContent = "";
  const code = el.copyCode.value.replace(/\s+/g, "");
  if (!/^[0-9]{6}$/.test(code)) {
    el.copyResult.textContent = t("enter_code");
    el.copyCode.focus();
    return;
  }
  if (!send({ type: "email_transcript", email: codeEmail, code })) {
    el.copyResult.textContent = t("not_connected");
    connect();
  }
});

function codeSent(frame) {
  el.codeForm.hidden = false;
  el.copyCode.value = "";
  el.copyResult.textContent = t("code_sent", { email: codeEmail, minutes: Math.ceil(frame.expires_in / 60) });
  el.copyCode.focus();
}

function hideCodeForm() {
  el.codeForm.hidden = true;
  el.copyCode.value = "";
}

/* What a refused copy or code means to the visitor (null: the general line). */
function copyRefusal(frame) {
  if (frame.code === ERROR.WRONG_CODE) {
    el.copyCode.select();
    return t("wrong_code", { attempts: frame.attempts_left });
  }
  if (frame.code === ERROR.CODE_EXPIRED || frame.code === ERROR.TOO_MANY_ATTEMPTS) {
    hideCodeForm();
    el.copyEmail.focus();
    return t(frame.code);
  }
  if (frame.code === ERROR.RATE_LIMITED) {
    return t("copy_limited", { minutes: Math.ceil((frame.retry_after || 60) / 60) });
  }
  return null;
}

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
  if (!send({ type: "forget" })) $("forget-result").textContent = t("not_connected");
});

function forgetTranscript() {
  clearState();
  el.log.textContent = "";
  bySeq.clear();
  pending.clear();
  $("copy-form").hidden = true;
  hideCodeForm();
  el.ratingForm.hidden = true;
  $("forget").hidden = true;
}

function erased() {
  forgetTranscript();
  show("ended");
  el.typing.hidden = true;
  setState(t("erased"));
}

function forgotten(receipt) {
  forgetTranscript();
  const many = receipt.conversations > 1; // every chat of this session, "Start a new chat" included
  $("forget-result").textContent = t(many ? "forgotten_many" : "forgotten", {
    count: receipt.conversations,
    when: moment(receipt.erased_at),
    reference: receipt.request_id,
  });
}

$("close").addEventListener("click", () => toParent({ type: "chat:close" }));

/* ---------- quick exit ---------- */

function quickExit() {
  send({ type: "exit" });
  wipeLocalCopy(["name", "email", "address", "copy-email", "copy-code", "text", "rating-comment"]);
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
