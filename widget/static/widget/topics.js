// @ts-check
/* What the chat is about, chosen on the pre-chat form (optional), and the choice offered
 * in Welsh when no Welsh-speaking adviser is free (docs/protocol.md, "Topics, teams and
 * routing"). */
import * as outbound from "../chatserver/outbound.js";
import { byId } from "../chatserver/dom.js";
import { send } from "./connection.js";
import { LANGUAGE, el, t } from "./page.js";

/** @typedef {import("../chatserver/frames.js").TopicOption} TopicOption */
/** @typedef {import("../chatserver/frames.js").LanguageChosenFrame} LanguageChosenFrame */

const topics = byId("topics");
const options = byId("topic-options");
const offer = byId("language-offer");

/** @param {string} value @param {string} label @param {boolean} checked */
function option(value, label, checked) {
  const input = document.createElement("input");
  Object.assign(input, { type: "radio", name: "topic", value, checked });
  const wrapper = document.createElement("label");
  wrapper.append(input, document.createTextNode(label));
  return wrapper;
}

/** The topics the server offers, labelled in the page's language, and "something else"
 * (chosen unless the visitor picks one). None offered: no question at all.
 * @param {TopicOption[] | undefined} offered */
export function showTopics(offered) {
  const list = offered || [];
  const picked = chosenTopic();
  options.replaceChildren(
    ...list.map((topic) => option(topic.slug, topic.labels[LANGUAGE] || topic.labels["en-gb"] || topic.slug, topic.slug === picked)),
    option("", t("topic_none"), !list.some((topic) => topic.slug === picked)),
  );
  topics.hidden = list.length === 0;
}

/** The slug the visitor chose, or null. @returns {string | null} */
export function chosenTopic() {
  const checked = options.querySelector("input[name=topic]:checked");
  return checked instanceof HTMLInputElement && checked.value ? checked.value : null;
}

/** No Welsh-speaking adviser is free: the choice, read out as an alert. */
export function languageOffer() {
  offer.hidden = false;
}

/** The chat was taken or ended, or the visitor chose: the offer goes. */
export function offerOver() {
  if (offer.hidden) return;
  const hadFocus = offer.contains(document.activeElement);
  offer.hidden = true;
  if (hadFocus && !el.text.closest("[hidden]")) el.text.focus();
}

/** @param {LanguageChosenFrame} frame */
export function languageChosen(frame) {
  offerOver();
  if (frame.choice === "wait") el.announce.textContent = t("welsh_wait_chosen");
  else if (frame.choice === "english") el.announce.textContent = t("welsh_english_chosen");
}

export function installTopics() {
  for (const choice of /** @type {const} */ (["wait", "english", "message"])) {
    byId(`welsh-${choice}`).addEventListener("click", () => {
      if (!send(outbound.languageChoice(choice))) el.sendError.textContent = t("not_connected");
    });
  }
}
