// @ts-check
/* The page's visibility, told to the server so that the agent sees the visitor away (the
 * tab hidden) or back (docs/protocol.md, "Visitor presence"). A flapping tab cannot flood:
 * at most one frame every MIN_GAP_MS, carrying the latest state when the gap is over. */
import * as outbound from "../chatserver/outbound.js";

export const MIN_GAP_MS = 5000;

export class VisibilityReporter {
  /**
   * @param {(frame: import("../chatserver/frames.js").VisibilityFrame) => boolean} send false when not sent
   * @param {() => number} [now]
   * @param {(run: () => void, ms: number) => unknown} [later]
   */
  constructor(send, now = Date.now, later = setTimeout) {
    this.send = send;
    this.now = now;
    /* Called as a plain function: a browser's setTimeout called as this object's method throws
     * "Illegal invocation", which left `waiting` set and the visitor shown away for good. */
    this.later = (/** @type {() => void} */ run, /** @type {number} */ ms) => later(run, ms);
    /** What the server was last told: a new socket starts shown. */
    this.told = false;
    this.latest = false;
    this.lastSentAt = -Infinity;
    this.waiting = false;
  }

  /** The page was hidden or shown. @param {boolean} hidden */
  change(hidden) {
    this.latest = hidden;
    if (this.waiting) return; // the send already arranged takes the latest state
    const wait = this.lastSentAt + MIN_GAP_MS - this.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.waiting = true;
    this.later(() => {
      this.waiting = false;
      this.flush();
    }, wait);
  }

  flush() {
    if (this.latest === this.told) return;
    if (this.send(outbound.visibility(this.latest))) {
      this.told = this.latest;
      this.lastSentAt = this.now();
    }
  }

  /** A new socket was greeted: the server takes it as shown until told otherwise.
   * @param {boolean} hidden the page's state now */
  greeted(hidden) {
    this.told = false;
    this.change(hidden);
  }
}
