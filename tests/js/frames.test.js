/* Every frame the clients build has exactly the keys the server's protocol gives it
 * (FRAME_KEYS, generated from chatserver/chat/protocol.py by tests/frame_typedefs.py). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { FRAME_KEYS } from "../../chatserver/static/chatserver/frames.js";
import * as agentOutbound from "../../chatserver/console/static/console/outbound.js";
import * as outbound from "../../chatserver/static/chatserver/outbound.js";
import { TYPE } from "../../chatserver/static/chatserver/protocol.js";
import { frameProblems } from "./protocol-check.js";

const VISITOR_FRAMES = {
  hello: outbound.hello("token", 4),
  "hello (first)": outbound.hello(null, null),
  start: outbound.start({ name: "Ann" }, "cy"),
  "start (topic)": outbound.start({}, "en-gb", "repairs"),
  topic: outbound.visitorTopic("rent"),
  "topic (none)": outbound.visitorTopic(null),
  language_choice: outbound.languageChoice("english"),
  message: outbound.visitorLine("c-1", "Hello"),
  typing: outbound.visitorTyping(true),
  end: outbound.end(),
  ping: outbound.ping(),
  "email_transcript (ask)": outbound.emailTranscript("a@example.org"),
  "email_transcript (code)": outbound.emailTranscript("a@example.org", "123456"),
  forget: outbound.forget(),
  rate: outbound.rate(5, null),
  exit: outbound.quickExit(),
  keep_open: outbound.keepOpen(),
  visibility: outbound.visibility(true),
};

const AGENT_FRAMES = {
  presence: agentOutbound.presence("away"),
  accept: agentOutbound.accept("conv"),
  message: agentOutbound.agentLine("conv", "c-2", "Hi", false),
  note: agentOutbound.agentLine("conv", "c-3", "A note", true),
  typing: agentOutbound.agentTyping("conv", false),
  transfer: agentOutbound.transfer("conv", 7),
  "transfer (to a team, with a note)": agentOutbound.transfer("conv", { team: 2 }, "Tenant is deaf: text only"),
  close: agentOutbound.close("conv"),
  "close (wrapped up)": agentOutbound.close("conv", { reason: "repair", outcome: "repair-raised", tags: ["escalated"] }),
  wrap_up: agentOutbound.wrapUp("conv", { reason: "repair", outcome: "signposted", tags: [] }),
  history: agentOutbound.history("conv", 12),
  clear_emergency: agentOutbound.clearEmergency("conv"),
  ping: outbound.ping(),
  dismiss: agentOutbound.dismiss("conv"),
  alert_preferences: agentOutbound.alertPreferences({ sound: false, desktop: true, volume: 40 }),
  topic: agentOutbound.agentTopic("conv", "repairs"),
  case_prompt_decision: agentOutbound.casePromptDecision("conv", "hazard", "recorded"),
};

describe("frames built by the clients", () => {
  for (const [endpoint, frames] of [["visitor", VISITOR_FRAMES], ["agent", AGENT_FRAMES]]) {
    for (const [name, frame] of Object.entries(frames)) {
      test(`the ${endpoint}'s ${name} frame is one the server reads`, () => {
        assert.deepEqual(frameProblems(endpoint, "in", frame), []);
      });
    }
  }

  // The server takes details mid-chat too; the widget asks for them only before the start.
  const NOT_SENT = ["visitor in details"];

  test("every frame a client may send has a builder, but the ones no client sends", () => {
    const built = (endpoint, frames) => new Set(Object.values(frames).map((frame) => `${endpoint} in ${frame.type}`));
    const sendable = Object.keys(FRAME_KEYS).filter((key) => key.split(" ")[1] === "in");
    const covered = new Set([...built("visitor", VISITOR_FRAMES), ...built("agent", AGENT_FRAMES)]);
    assert.deepEqual(sendable.filter((key) => !covered.has(key)), NOT_SENT);
  });

  test("a transfer names an agent or a team, and carries a note only when one is written", () => {
    assert.deepEqual(agentOutbound.transfer("conv", 7, "  "), { type: "transfer", conversation_id: "conv", to_agent_id: 7 });
    assert.deepEqual(agentOutbound.transfer("conv", { team: 2 }, "Text only"), {
      type: "transfer", conversation_id: "conv", to_team_id: 2, note: "Text only",
    });
  });

  test("a start without a topic is the frame it always was", () => {
    assert.equal("topic" in outbound.start({}, "cy"), false);
    assert.equal("topic" in outbound.start({}, "cy", null), false);
  });

  test("an email_transcript without a code carries no code key", () => {
    assert.equal("code" in outbound.emailTranscript("a@example.org"), false);
  });
});

describe("checking a frame against the protocol", () => {
  test("names a missing key and an unknown one", () => {
    assert.deepEqual(frameProblems("visitor", "out", { type: "ack", seq: 1, extra: 1 }), [
      "ack lacks client_id",
      "ack has unknown extra",
    ]);
  });

  test("names a frame type the endpoint does not have", () => {
    assert.deepEqual(frameProblems("agent", "in", { type: "nonsense" }), ["no agent in frame of type nonsense"]);
  });

  test("every frame type of the protocol has a name in protocol.js", () => {
    const types = new Set(Object.keys(FRAME_KEYS).map((key) => key.split(" ")[2]));
    assert.deepEqual(new Set(Object.values(TYPE)), types);
  });
});
