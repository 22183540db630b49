// @ts-check
/* Photos in the widget: shown from the server with the visitor's token in a header,
 * chosen by button, paste or drop, previewed, then uploaded with progress. */
import { PHOTO_TYPES, describeSize, photoBlobUrl, uploadPhoto } from "../chatserver/photos.js";
import { newClientId } from "../chatserver/socket.js";
import { photoRefusal } from "./lines.js";
import { LANGUAGE, el, t, words, writing } from "./page.js";
import { saved, state } from "./state.js";

/** @typedef {import("../chatserver/frames.js").Attachment} Attachment */
/** @typedef {import("../chatserver/photos.js").UploadProblem} UploadProblem */

const bearer = () => ({ Authorization: `Bearer ${saved.token}` });

/** Shows a photo in a line of the log, opening full size when pressed. Once loaded it
 * may be taller than its place was: a log that was at its end scrolls to the end again.
 * @param {HTMLElement} place @param {string} from @param {Attachment} attachment */
export function showPhoto(place, from, attachment) {
  place.textContent = "";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "photo-button";
  const image = document.createElement("img");
  image.alt = from === "visitor" ? t("your_photo") : t("adviser_photo");
  button.appendChild(image);
  button.addEventListener("click", () => openViewer(attachment.url));
  place.appendChild(button);
  image.addEventListener("load", () => {
    const log = el.log;
    if (log.scrollHeight - log.clientHeight - log.scrollTop <= image.height + 48) log.scrollTop = log.scrollHeight;
  });
  photoBlobUrl(attachment.thumbnail_url, bearer()).then(
    (url) => { image.src = url; },
    () => { image.alt = t("photo_unavailable"); }
  );
}

/** @param {string} url */
async function openViewer(url) {
  try {
    el.viewerImage.src = await photoBlobUrl(url, bearer());
    el.viewer.showModal();
  } catch {
    el.sendError.textContent = t("photo_unavailable");
  }
}

/** Checks a chosen file and previews it, ready to send. @param {File | undefined} file */
function choosePhoto(file) {
  el.sendError.textContent = "";
  if (!file) return;
  if (!PHOTO_TYPES.includes(file.type)) {
    el.sendError.textContent = `${t("photo_types")} ${t("photo_choose_another")}`;
    return;
  }
  if (file.size > state.photoLimit) {
    const sizes = { size: describeSize(file.size), limit: describeSize(state.photoLimit) };
    el.sendError.textContent = `${t("photo_too_big", sizes)} ${t("photo_choose_another")}`;
    return;
  }
  state.chosenPhoto = { file, clientId: newClientId() };
  const preview = el.photoPreviewImage;
  preview.hidden = false;
  preview.onerror = () => { preview.hidden = true; }; // HEIC: no preview in some browsers
  preview.src = URL.createObjectURL(file);
  el.photoPreviewName.textContent = `${file.name || t("photo")} (${describeSize(file.size)})`;
  el.photoError.textContent = "";
  el.photoProgress.hidden = true;
  el.photoSend.hidden = false;
  el.photoRetry.hidden = true;
  el.photoPreview.hidden = false;
  el.photoSend.focus();
}

async function sendPhoto() {
  const chosen = state.chosenPhoto;
  if (!chosen || !saved.token) return;
  const progress = el.photoProgress;
  progress.hidden = false;
  progress.value = 0;
  el.photoSend.hidden = true;
  el.photoRetry.hidden = true;
  el.photoError.textContent = "";
  try {
    const url = `/chat/photos/?client_id=${chosen.clientId}&lang=${LANGUAGE}`;
    await uploadPhoto(url, chosen.file, bearer(), (percent) => {
      progress.value = percent;
      progress.textContent = `${percent}%`;
    }, { notSent: (status) => t("photo_not_sent", { status }), connection: t("photo_connection") });
    closePreview();
  } catch (problem) {
    const refusal = photoRefusal(/** @type {UploadProblem} */ (problem), words);
    el.photoError.textContent = refusal.message;
    progress.hidden = true;
    el.photoRetry.hidden = !refusal.retry;
    (refusal.retry ? el.photoRetry : el.photoCancel).focus();
  }
}

function closePreview() {
  state.chosenPhoto = null;
  el.photoPreview.hidden = true;
  el.photoInput.value = "";
  el.text.focus();
}

/** @param {DragEvent} event */
function dropped(event) {
  event.preventDefault();
  el.chat.classList.remove("dropping");
  if (writing()) choosePhoto(event.dataTransfer ? event.dataTransfer.files[0] : undefined);
}

export function installPhotos() {
  el.viewerClose.addEventListener("click", () => el.viewer.close());
  el.photoInput.addEventListener("change", () => choosePhoto(el.photoInput.files ? el.photoInput.files[0] : undefined));
  el.photoSend.addEventListener("click", sendPhoto);
  el.photoRetry.addEventListener("click", sendPhoto);
  el.photoCancel.addEventListener("click", closePreview);
  el.text.addEventListener("paste", (event) => {
    const files = event.clipboardData ? [...event.clipboardData.files] : [];
    const file = files.find((item) => item.type.startsWith("image/"));
    if (file) {
      event.preventDefault();
      choosePhoto(file);
    }
  });
  el.chat.addEventListener("dragover", (event) => {
    event.preventDefault();
    if (writing()) el.chat.classList.add("dropping");
  });
  el.chat.addEventListener("dragleave", () => el.chat.classList.remove("dropping"));
  el.chat.addEventListener("drop", dropped);
}
