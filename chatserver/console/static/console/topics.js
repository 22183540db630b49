// @ts-check
/* A chat's topic on the console: the agent sets or changes it (and so its team) in the
 * visitor column; the Welsh visitor's answer to the offer made when no Welsh speaker was
 * free is shown there too, so the agent knows to answer in English. */
import * as outbound from "./outbound.js";
import { byId } from "../chatserver/dom.js";
import { send } from "./connection.js";
import { selectedConversation, state } from "./state.js";

/** @typedef {import("../chatserver/frames.js").TopicRef} TopicRef */
/** @typedef {import("../chatserver/frames.js").AgentTopicSetFrame} AgentTopicSetFrame */
/** @typedef {import("./conversations.js").Conversation} Conversation */

const select = byId("topic-select", HTMLSelectElement);
const team = byId("topic-team");
const welsh = byId("welsh-choice");

export const WELSH_CHOICES = Object.freeze({
  wait: "The visitor chose to wait for a Welsh speaker.",
  english: "The visitor chose to continue in English.",
  message: "The visitor chose to leave a message in Welsh.",
});

/** The topics an agent may choose (from the snapshot). @param {TopicRef[]} topics */
export function setTopics(topics) {
  const none = new Option("No topic", "");
  select.replaceChildren(none, ...topics.map((topic) => new Option(topic.label, topic.slug)));
}

/** The conversation on screen's topic, team and Welsh choice. @param {Conversation} conversation */
export function showTopicChoice(conversation) {
  const slug = conversation.topic ? conversation.topic.slug : "";
  if (slug && ![...select.options].some((option) => option.value === slug)) {
    select.append(new Option(conversation.topic ? conversation.topic.label : slug, slug));
  }
  select.value = slug;
  team.textContent = conversation.team ? `Team: ${conversation.team}` : "No team: any agent may take it.";
  const choice = /** @type {keyof typeof WELSH_CHOICES | ""} */ (conversation.welshChoice);
  welsh.hidden = !choice;
  welsh.textContent = choice ? WELSH_CHOICES[choice] : "";
}

/** The server's answer: the topic (and team) are set. @param {AgentTopicSetFrame} frame */
export function topicChanged(frame) {
  const conversation = state.conversations.get(frame.conversation_id);
  if (!conversation) return;
  conversation.topic = frame.topic;
  conversation.team = frame.team;
  if (state.selected === frame.conversation_id) showTopicChoice(conversation);
}

select.addEventListener("change", () => {
  const conversation = selectedConversation();
  if (conversation) send(outbound.agentTopic(conversation.id, select.value || null));
});
