// @ts-check
/* The landlord's portal's signed assertion: the loader passes it by postMessage from an
 * allowed parent origin, never in a URL, and the first hello takes it. The frame waits for
 * it (at most WAIT_MS) only when its address says one is coming ("portal=1", a flag). */
import { ALLOWED_PARENTS } from "./page.js";

const WAIT_MS = 5000;
/** @type {string | null} */
let assertion = null;

/** @returns {Promise<void>} once the assertion came, or at once when none will */
export function portalReady() {
  if (new URLSearchParams(location.search).get("portal") !== "1") return Promise.resolve();
  return new Promise((resolve) => {
    /** @param {MessageEvent} event */
    const received = (event) => {
      const data = event.data || {};
      if (event.source !== window.parent || !ALLOWED_PARENTS.includes(event.origin) || data.type !== "chat:assertion") return;
      assertion = typeof data.assertion === "string" ? data.assertion : null;
      removeEventListener("message", received);
      resolve();
    };
    addEventListener("message", received);
    setTimeout(resolve, WAIT_MS);
  });
}

/** The assertion, once: a reconnect's hello has none. */
export function takeAssertion() {
  const taken = assertion;
  assertion = null;
  return taken;
}
