// @ts-check
/* The alert sounds, made with the Web Audio API (no file is downloaded): a soft two-note
 * chime for a chat, and for an emergency a longer, harsher two-tone played three times,
 * so that the two are told apart without looking. */

/** @typedef {{hz: number, at: number, length: number, wave: OscillatorType}} Tone */

/** @type {Record<"chat" | "emergency", Tone[]>} */
export const TONES = {
  chat: [
    { hz: 660, at: 0, length: 0.18, wave: "sine" },
    { hz: 880, at: 0.2, length: 0.3, wave: "sine" },
  ],
  emergency: [0, 0.5, 1].flatMap((start) => [
    { hz: 988, at: start, length: 0.22, wave: /** @type {OscillatorType} */ ("square") },
    { hz: 740, at: start + 0.24, length: 0.22, wave: /** @type {OscillatorType} */ ("square") },
  ]),
};

/** @type {AudioContext | null} */
let context = null;

/** Browsers keep a page's audio silent until it has had a click or a key press: called
 * from one, this makes (or wakes) the page's audio so that later alerts are heard. */
export function unlockAudio() {
  try {
    context = context || new AudioContext();
    if (context.state === "suspended") void context.resume();
  } catch {
    context = null; // no audio in this browser: the other alerts still work
  }
}

/**
 * Plays an alert's sound at `volume` (0 to 100).
 * @param {"chat" | "emergency"} kind @param {number} volume
 */
export function playAlert(kind, volume) {
  unlockAudio();
  if (!context) return;
  const start = context.currentTime + 0.02;
  const level = Math.max(0, Math.min(100, volume)) / 100;
  TONES[kind].forEach((tone) => {
    if (!context) return;
    const oscillator = context.createOscillator();
    const envelope = context.createGain();
    oscillator.type = tone.wave;
    oscillator.frequency.value = tone.hz;
    // A short fade in and out: no click at either end.
    envelope.gain.setValueAtTime(0.0001, start + tone.at);
    envelope.gain.exponentialRampToValueAtTime(Math.max(0.0001, 0.4 * level), start + tone.at + 0.02);
    envelope.gain.exponentialRampToValueAtTime(0.0001, start + tone.at + tone.length);
    oscillator.connect(envelope).connect(context.destination);
    oscillator.start(start + tone.at);
    oscillator.stop(start + tone.at + tone.length + 0.02);
  });
}
