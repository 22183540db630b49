// @ts-check
/* Alerts an agent cannot miss: which chats need them (a new chat waiting in one of their
 * teams, or any team's when they are in none, while they are available; a chat assigned
 * to them that they have not opened), an alert at once and again every 30 s until the
 * chat is taken (by anyone) or opened, and the count for the title and the favicon.
 * No DOM and no timers here: the time comes from the caller's clock. An emergency has a
 * sound of its own that the agent's preferences cannot silence. What an alert says is
 * never personal: a topic or an emergency's category, never a line or a name.
 *
 * An agent at capacity (open chats at their maximum) cannot accept a queued chat (the
 * server refuses), so queued chats do not alert them or count in their title. A queued
 * emergency still alerts them once, with its own sound, since they may choose to finish a
 * chat to take it; it does not repeat (the agents with room, and the supervisors' board,
 * are the ones to act on it), and the queue still shows it in red. */

/** @typedef {import("../chatserver/frames.js").QueueEntry} QueueEntry */
/** @typedef {import("../chatserver/frames.js").AlertPreferences} AlertPreferences */
/** @typedef {import("../chatserver/frames.js").Emergency} Emergency */
/** @typedef {import("../chatserver/frames.js").QueueTopic} QueueTopic */
/** `once`: alerted a single time, never repeated (a queued emergency while at capacity).
 * @typedef {{assigned: boolean, emergency: Emergency | null, topic: QueueTopic | null, last: number | null, once: boolean}} Pending */
/** @typedef {{title: string, tag: string}} AlertNotification */
/** @typedef {{sound: "chat" | "emergency" | null, volume: number, notification: AlertNotification | null}} Alert */

export const REPEAT_MS = 30000;
// However low the agent set the volume, an emergency is played at least this loud.
export const EMERGENCY_MIN_VOLUME = 80;
// One notification at a time: the next replaces it rather than piling up.
const TAG = "chat-alert";

/**
 * The page title with the count in front ("(2) Agent console"); the title alone for none.
 * @param {string} base @param {number} count
 */
export function titleWith(base, count) {
  return count > 0 ? `(${count}) ${base}` : base;
}

/**
 * Whether a queued chat is for this agent: a visitor still there, in one of their teams
 * (any team's when they are in none; a chat of no team is anyone's).
 * @param {QueueEntry} entry @param {number[]} teams
 */
export function concerns(entry, teams) {
  if (entry.awaiting_reply || (entry.status !== "waiting" && entry.status !== "offline")) return false;
  return teams.length === 0 || entry.team_id === null || teams.includes(entry.team_id);
}

/** @param {Pending} pending */
function about(pending) {
  if (pending.emergency) return `Emergency chat: ${pending.emergency.label}`;
  const what = pending.assigned ? "Chat assigned to you" : "New chat";
  return pending.topic ? `${what}: ${pending.topic.label}` : what;
}

/** @param {Pending[]} due */
function notificationTitle(due) {
  if (due.length === 1) return about(due[0]);
  const urgent = due.filter((pending) => pending.emergency).length;
  return urgent ? `${due.length} new chats, ${urgent} an emergency` : `${due.length} new chats`;
}

export class AlertScheduler {
  /** @param {{now?: () => number}} [clock] */
  constructor(clock = {}) {
    this.now = clock.now || (() => Date.now());
    /** @type {Map<string, Pending>} */
    this.pending = new Map();
    /** @type {number[]} */
    this.teams = [];
    this.available = false;
    /** @type {AlertPreferences} */
    this.prefs = { sound: true, desktop: true, volume: 70 };
    /** @type {QueueEntry[]} */
    this.queue = [];
    /** The chats the agent asked to accept: they need no alert when they arrive. @type {Set<string>} */
    this.accepting = new Set();
    /** The agent's limit of open chats, and how many they have open. */
    this.max = Infinity;
    this.open = 0;
    /** Queued chats that left the queue lately, alerted: one may be assigned to this agent
     * just after (the queue frame may come first). @type {Map<string, Pending>} */
    this.left = new Map();
    /** The chats assigned to this agent, till they go: never "new" again, though a queue
     * sent before the assignment still lists them. @type {Set<string>} */
    this.mine = new Set();
  }

  /** @param {{teams?: number[], available?: boolean, prefs?: AlertPreferences, max?: number, open?: number}} settings */
  configure(settings) {
    if (settings.teams) this.teams = settings.teams;
    if (settings.available !== undefined) this.available = settings.available;
    if (settings.prefs) this.prefs = settings.prefs;
    if (settings.max !== undefined) this.max = settings.max;
    if (settings.open !== undefined) this.open = settings.open;
    this.setQueue(this.queue);
  }

  /** Whether the agent has as many chats open as they may. */
  get full() {
    return this.open >= this.max;
  }

  /** The queue as the server last sent it: chats taken by anyone leave it. @param {QueueEntry[]} entries */
  setQueue(entries) {
    this.queue = entries;
    const full = this.full;
    const wanted = new Map(
      this.available
        ? entries
            .filter((entry) => concerns(entry, this.teams) && (!full || entry.emergency) && !this.mine.has(entry.conversation_id))
            .map((entry) => [entry.conversation_id, entry])
        : []
    );
    const now = this.now();
    this.left.forEach((pending, id) => {
      if (pending.last === null || now - pending.last >= REPEAT_MS) this.left.delete(id);
    });
    this.pending.forEach((pending, id) => {
      if (pending.assigned || wanted.has(id)) return;
      this.pending.delete(id);
      if (pending.last !== null) this.left.set(id, pending);
    });
    wanted.forEach((entry, id) => {
      const known = this.pending.get(id);
      if (known) {
        if (entry.emergency && !known.emergency) known.last = null; // flagged since: at once
        known.emergency = entry.emergency;
        known.topic = entry.topic;
        if (!known.assigned) known.once = full;
      } else {
        this.pending.set(id, { assigned: false, emergency: entry.emergency, topic: entry.topic, last: null, once: full });
      }
    });
  }

  /**
   * A chat was given to this agent: it alerts until they open it. One routed to them
   * while its queue alert is pending is the same alert: it keeps its time (no second
   * alert at once) unless it has become an emergency since.
   * @param {string} id @param {{emergency: Emergency | null, topic?: QueueTopic | null}} chat
   */
  assigned(id, chat) {
    this.mine.add(id);
    if (this.accepting.delete(id)) {
      this.pending.delete(id);
      return;
    }
    const known = this.pending.get(id) || this.left.get(id);
    this.left.delete(id);
    const last = known && (known.emergency || !chat.emergency) ? known.last : null;
    const topic = chat.topic || known?.topic || null;
    this.pending.set(id, { assigned: true, emergency: chat.emergency, topic, last, once: false });
  }

  /**
   * One of the agent's chats was flagged (or cleared) as an emergency. Flagged, it alerts
   * at once and until opened, unless the agent is reading it now (`seen`): a chat routed
   * to them before its first line is only found to be an emergency later.
   * @param {string} id @param {Emergency | null} emergency @param {boolean} seen
   */
  emergency(id, emergency, seen) {
    const known = this.pending.get(id);
    if (known) {
      if (emergency && !known.emergency) known.last = null;
      known.emergency = emergency;
    } else if (emergency && !seen) {
      this.pending.set(id, { assigned: true, emergency, topic: null, last: null, once: false });
    }
  }

  /** The agent asked for the chat (Accept): it is theirs, and they know. @param {string} id */
  accept(id) {
    this.accepting.add(id);
  }

  /** The agent has the chat on screen. @param {string} id */
  opened(id) {
    if (this.pending.get(id)?.assigned) this.pending.delete(id);
  }

  /** The chat is no longer the agent's (closed, transferred, erased). @param {string} id */
  gone(id) {
    this.pending.delete(id);
    this.mine.delete(id);
  }

  /** How many chats need the agent. */
  get count() {
    return this.pending.size;
  }

  /** Whether one of them is an emergency. */
  get urgent() {
    return [...this.pending.values()].some((pending) => pending.emergency);
  }

  /** Milliseconds until the next alert is due (0: now), or null with none to come. */
  nextIn() {
    const now = this.now();
    const waits = [...this.pending.values()]
      .filter((pending) => !(pending.once && pending.last !== null))
      .map((pending) => (pending.last === null ? 0 : Math.max(0, pending.last + REPEAT_MS - now)));
    return waits.length ? Math.min(...waits) : null;
  }

  /**
   * The alert due now (null: none), marking its chats as alerted: new ones, and those
   * last alerted 30 s ago or more.
   * @returns {Alert | null}
   */
  due() {
    const now = this.now();
    const due = [...this.pending.values()].filter(
      (pending) => pending.last === null || (!pending.once && now - pending.last >= REPEAT_MS)
    );
    if (!due.length) return null;
    due.forEach((pending) => {
      pending.last = now;
    });
    const emergency = due.some((pending) => pending.emergency);
    /** @type {Alert["sound"]} */
    const sound = emergency ? "emergency" : this.prefs.sound ? "chat" : null;
    const volume = emergency ? Math.max(this.prefs.volume, EMERGENCY_MIN_VOLUME) : this.prefs.volume;
    const notification = this.prefs.desktop ? { title: notificationTitle(due), tag: TAG } : null;
    return { sound, volume, notification };
  }
}
