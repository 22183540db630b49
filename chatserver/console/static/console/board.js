// @ts-check
/* The supervisors' live board: every agent's presence and load, and the queue's length,
 * from the server's `board` frames (staff names only, no visitor's data). */

/** @typedef {import("../chatserver/frames.js").BoardFrame} BoardFrame */

/** @type {Record<string, string>} */
const STATUS = { available: "● Available", away: "◐ Away", offline: "○ Offline" };

/** @param {string} text */
function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

/** @param {BoardFrame} frame */
export function renderBoard(frame) {
  const rows = document.getElementById("board-rows");
  const waiting = document.getElementById("board-waiting");
  if (!rows || !waiting) return; // not a supervisor's console
  waiting.textContent = `Chats waiting: ${frame.waiting}`;
  rows.textContent = "";
  frame.agents.forEach((agent) => {
    const row = document.createElement("tr");
    row.dataset.agentId = String(agent.id);
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = agent.name;
    row.append(name, cell(STATUS[agent.status] || agent.status), cell(`${agent.open} of ${agent.max}`));
    rows.appendChild(row);
  });
}
