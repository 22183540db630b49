// @ts-check
/* The tab's icon with the count of chats that need the agent drawn on it (a canvas):
 * red when one is an emergency, the console's blue otherwise, a plain icon for none. */

const SIZE = 32;
const BLUE = "#1d4f91";
const RED = "#b3261e";

/** The page's icon link, made the first time. */
function iconLink() {
  let link = /** @type {HTMLLinkElement | null} */ (document.querySelector("link[rel='icon']"));
  if (!link) {
    link = document.createElement("link");
    link.rel = "icon";
    document.head.appendChild(link);
  }
  return link;
}

/**
 * Draws the icon: a speech bubble, with `count` on a badge when there is one.
 * @param {number} count @param {boolean} urgent
 */
export function drawFavicon(count, urgent) {
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const pen = canvas.getContext("2d");
  if (!pen) return;
  pen.fillStyle = count ? (urgent ? RED : BLUE) : BLUE;
  pen.beginPath();
  pen.arc(SIZE / 2, SIZE / 2, SIZE / 2 - 1, 0, 2 * Math.PI);
  pen.fill();
  pen.fillStyle = "#ffffff";
  pen.textAlign = "center";
  pen.textBaseline = "middle";
  pen.font = `bold ${count > 9 ? 16 : 20}px sans-serif`;
  pen.fillText(count ? (count > 99 ? "99+" : String(count)) : "", SIZE / 2, SIZE / 2 + 1);
  const link = iconLink();
  link.href = canvas.toDataURL("image/png");
  link.dataset.count = String(count);
}
