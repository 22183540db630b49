// @ts-check
/* Dates and times as a UK landlord's staff read them ("7 Dec 2026, 11:57"), in the
 * agent's own time zone, whatever locale the browser is set to. */

/** @type {Map<string, Intl.DateTimeFormat>} made once per zone and form: the log formats every line. */
const formats = new Map();

/** @param {string | undefined} timeZone @param {boolean} withDay */
function format(timeZone, withDay) {
  const key = `${timeZone ?? ""}|${withDay}`;
  let made = formats.get(key);
  if (!made) {
    /** @type {Intl.DateTimeFormatOptions} */
    const day = withDay ? { day: "numeric", month: "short", year: "numeric" } : {};
    made = new Intl.DateTimeFormat("en-GB", { ...day, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
    formats.set(key, made);
  }
  return made;
}

/** "11:57". @param {string} iso @param {string} [timeZone] the browser's own when undefined */
export const clockTime = (iso, timeZone) => format(timeZone, false).format(new Date(iso));

/** "7 Dec 2026, 11:57". @param {string} iso @param {string} [timeZone] the browser's own when undefined */
export const dayAndTime = (iso, timeZone) => format(timeZone, true).format(new Date(iso));
