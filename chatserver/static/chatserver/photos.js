// @ts-check
/* Photos over HTTP for the widget and the console: uploads with progress, and fetching
 * a photo as a blob when it needs a header (the visitor's token never goes in a URL). */

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];

/** @typedef {{notSent: (status: number) => string, connection: string}} UploadTexts */
/** @typedef {{message: string, retryable: boolean}} UploadProblem */

/** @type {UploadTexts} */
const ENGLISH = {
  notSent: (status) => `The photo was not sent (error ${status}).`,
  connection: "The connection failed while sending the photo.",
};

/** The JSON object in `text`; an empty one when there is none. @param {string} text @returns {object} */
function parsed(text) {
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

/**
 * The refusal an upload answered with `status` and `responseText` means.
 * @param {number} status @param {string} responseText @param {UploadTexts} texts
 * @returns {UploadProblem}
 */
export function uploadProblem(status, responseText, texts) {
  const answer = /** @type {{error?: {message?: string}}} */ (parsed(responseText));
  const problem = answer.error || {};
  return {
    message: problem.message || texts.notSent(status),
    retryable: status >= 500 || status === 429,
  };
}

/**
 * Uploads `file` as the raw body; resolves with the server's JSON answer, rejects with an
 * UploadProblem: the server's own message, else one of `texts` (the widget passes its
 * translated ones). `onProgress` gets 0 to 100.
 * @param {string} url @param {File} file @param {Record<string, string>} headers
 * @param {(percent: number) => void} onProgress @param {UploadTexts} [texts]
 * @returns {Promise<unknown>}
 */
export function uploadPhoto(url, file, headers, onProgress, texts = ENGLISH) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    Object.entries(headers).forEach(([name, value]) => request.setRequestHeader(name, value));
    request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
    });
    request.addEventListener("load", () => {
      if (request.status === 201) {
        onProgress(100);
        resolve(parsed(request.responseText));
        return;
      }
      reject(uploadProblem(request.status, request.responseText, texts));
    });
    const failed = () => reject({ message: texts.connection, retryable: true });
    request.addEventListener("error", failed);
    request.addEventListener("abort", failed);
    request.send(file);
  });
}

/**
 * A photo fetched with `headers`, as an object URL for an <img>.
 * @param {string} url @param {Record<string, string>} headers
 */
export async function photoBlobUrl(url, headers) {
  const response = await fetch(url, { headers, cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new Error(`photo ${response.status}`);
  return URL.createObjectURL(await response.blob());
}

/** "850 KB", "2.4 MB". @param {number} bytes */
export function describeSize(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
