"""The API's refusals, each a status and a JSON body ``{"error": code, "detail": words}``.

The chat's own errors map onto them (``from_chat_error``): not found 404, not allowed 403,
a closed chat 409, any other refusal of the input 422. The words never repeat what the
client sent (it may hold personal data)."""

import math

from chatserver.chat.actions.messages import ConversationClosed
from chatserver.chat.errors import ChatError, Forbidden, NotFound


class ApiError(Exception):
    """A refusal with its HTTP status; ``headers`` go on the response."""

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}

    def body(self) -> dict[str, str]:
        return {"error": self.code, "detail": self.detail}


def unauthorized(
    detail: str = "Send a valid API token: Authorization: Bearer <token>.",
) -> ApiError:
    return ApiError(401, "unauthorized", detail, {"WWW-Authenticate": 'Bearer realm="api"'})


def missing_scope(scope: str) -> ApiError:
    return ApiError(403, "missing_scope", f"This token does not have the {scope} scope.")


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"No such {what}.")


def rate_limited(wait: float) -> ApiError:
    seconds = max(1, math.ceil(wait))
    return ApiError(
        429,
        "rate_limited",
        f"Too many requests for this token: try again in {seconds} seconds.",
        {"Retry-After": str(seconds)},
    )


def invalid(detail: str) -> ApiError:
    return ApiError(422, "invalid", detail)


def conflict(detail: str) -> ApiError:
    return ApiError(409, "conflict", detail)


def from_chat_error(error: ChatError) -> ApiError:
    """The refusal of an action, in the API's terms (its words are the action's own)."""
    if isinstance(error, NotFound):
        return not_found("conversation")
    if isinstance(error, Forbidden):
        return ApiError(403, "forbidden", str(error))
    if isinstance(error, ConversationClosed):
        return conflict(str(error))
    return invalid(str(error))
