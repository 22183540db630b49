/* Photos over HTTP for the widget and the console: uploads with progress, and fetching
 * a photo as a blob when it needs a header (the visitor's token never goes in a URL). */

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];

const ENGLISH = {
  notSent: (status) => `The photo was not sent (error ${status}).`,
  connection: "The connection failed while sending the photo.",
};

/* Uploads `file` as the raw body; resolves with the server's JSON answer, rejects with
 * {message, retryable}: the server's own message, else one of `texts` (the widget
 * passes its translated ones). `onProgress` gets 0 to 100. */
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
      let answer = {};
      try {
        answer = JSON.parse(request.responseText || "{}");
      } catch (error) {
        answer = {};
      }
      if (request.status === 201) {
        onProgress(100);
        resolve(answer);
        return;
      }
      const problem = answer.error || {};
      reject({
        message: problem.message || texts.notSent(request.status),
        retryable: request.status >= 500 || request.status === 429,
      });
    });
    const failed = () => reject({ message: texts.connection, retryable: true });
    request.addEventListener("error", failed);
    request.addEventListener("abort", failed);
    request.send(file);
  });
}

/* A photo fetched with `headers`, as an object URL for an <img>. */
export async function photoBlobUrl(url, headers) {
  const response = await fetch(url, { headers, cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new Error(`photo ${response.status}`);
  return URL.createObjectURL(await response.blob());
}

export function describeSize(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
