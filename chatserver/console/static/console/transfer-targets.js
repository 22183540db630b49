// @ts-check
/* The transfer dialog's logic, without the page: the choices (teams, then agents), what a
 * choice sends, and the heading of the handover the receiver reads first. */

/** @typedef {import("../chatserver/frames.js").Handover} Handover */
/**
 * @typedef {object} Targets what /console/agents/ answers
 * @property {Array<{id: number, name: string}>} agents
 * @property {Array<{id: number, name: string, available: number}>} teams
 */
/** @typedef {{label: string, options: Array<{value: string, label: string}>}} TargetGroup */

/** The choices in groups, leaving out an empty group (none at all: no one is free).
 * @param {Targets} targets @returns {TargetGroup[]} */
export function targetGroups(targets) {
  const groups = [
    {
      label: "Teams",
      options: targets.teams.map((team) => ({
        value: `team:${team.id}`,
        // The name as given ("Repairs team" would read "Repairs team team" with one added);
        // the group says these are teams.
        label: `${team.name} — ${team.available} available`,
      })),
    },
    { label: "Agents", options: targets.agents.map((agent) => ({ value: `agent:${agent.id}`, label: agent.name })) },
  ];
  return groups.filter((group) => group.options.length);
}

/** A choice's value as `outbound.transfer` takes it: an agent's id or `{team}`; null for none.
 * @param {string} value @returns {number | {team: number} | null} */
export function parseTarget(value) {
  const match = /^(agent|team):([1-9]\d*)$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  return match[1] === "agent" ? id : { team: id };
}

/** @param {Handover} handover @param {number | null} me the signed-in agent's id */
export function handoverHeading(handover, me) {
  if (handover.from && handover.from.id === me) return "You handed this chat over";
  const by = handover.from ? `Handed over by ${handover.from.name}` : "Handed over";
  return handover.team ? `${by} to the ${teamPhrase(handover.team.name)}` : by;
}

/** "Repairs team" for a team named "Repairs" or "Repairs team". @param {string} name */
function teamPhrase(name) {
  return /\bteam$/i.test(name) ? name : `${name} team`;
}
