// @ts-check
/* The transcript page's "Record a case" form, as the live dialog: a hazard's severity and
 * category are shown, and posted, only when the kind is a hazard. Without this script the
 * form shows them under "Only for a hazard" and the server says what does not fit. */
import { byId } from "../chatserver/dom.js";

const kind = byId("case-kind", HTMLSelectElement);
const hazard = byId("case-hazard", HTMLFieldSetElement);

function showHazard() {
  const isHazard = kind.value === "hazard";
  hazard.hidden = !isHazard;
  hazard.disabled = !isHazard;
}

kind.addEventListener("change", showHazard);
showHazard();
