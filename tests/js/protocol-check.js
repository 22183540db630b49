/* The JavaScript twin of chatserver.chat.protocol.frame_problems, for the tests. */
import { FRAME_KEYS } from "../../chatserver/static/chatserver/frames.js";

/**
 * What is wrong with `frame` on `endpoint` ("visitor" or "agent") going `direction`
 * ("in": to the server, "out": from it): missing keys and keys it does not define.
 */
export function frameProblems(endpoint, direction, frame) {
  const keys = FRAME_KEYS[`${endpoint} ${direction} ${frame.type}`];
  if (!keys) return [`no ${endpoint} ${direction} frame of type ${frame.type}`];
  const known = new Set([...keys.required, ...keys.optional]);
  const present = Object.keys(frame);
  return [
    ...keys.required.filter((key) => !present.includes(key)).sort().map((key) => `${frame.type} lacks ${key}`),
    ...present.filter((key) => !known.has(key)).sort().map((key) => `${frame.type} has unknown ${key}`),
  ];
}
