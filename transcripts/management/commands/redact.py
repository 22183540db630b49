import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from transcripts.redaction.pii import Redaction, default_redactor

BATCH_LINES = 256
PROGRESS_EVERY = 1000
KNOWN_FIELDS = ("name", "email", "address")


class Command(BaseCommand):
    help = (
        "Masks personal data. Reads JSON lines from standard input, each "
        '{"id": ..., "text": "...", "known": {"name"?, "email"?, "address"?}}, and writes one '
        'line per input, in order: {"id", "redacted", "entities", "special_category"}, '
        "offsets into the original text. A bad line gets an error object with its id and "
        "line number; the rest continue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--text", help="Redact this one string instead of reading stdin.")

    def handle(self, *args: Any, **options: Any) -> None:
        redactor = default_redactor()
        if options["text"] is not None:
            [redaction] = redactor.redact_lines([(options["text"], None)])
            self._write({"id": None, **_as_output(redaction)})
            return
        if sys.stdin.isatty():
            raise CommandError("Give JSON lines on standard input, or use --text.")
        redactor.warm()
        done = 0
        for batch in _batches(sys.stdin):
            parsed = [_parse(number, line) for number, line in batch]
            valid = [item for item in parsed if isinstance(item, tuple)]
            redactions = iter(redactor.redact_lines([(text, known) for _id, text, known in valid]))
            for item in parsed:
                if isinstance(item, dict):
                    self._write(item)
                else:
                    self._write({"id": item[0], **_as_output(next(redactions))})
            done += len(batch)
            if done // PROGRESS_EVERY > (done - len(batch)) // PROGRESS_EVERY:
                self.stderr.write(f"redact: {done} lines")
        self.stdout.flush()

    def _write(self, obj: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(obj, ensure_ascii=False))


def _batches(stream: TextIO) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        batch.append((number, line))
        if len(batch) >= BATCH_LINES:
            yield batch
            batch = []
    if batch:
        yield batch


def _parse(number: int, line: str) -> tuple[Any, str, dict[str, str] | None] | dict[str, Any]:
    """(id, text, known) for a good line; an error object for a bad one."""
    try:
        item = json.loads(line)
    except ValueError:
        return {"id": None, "line": number, "error": "not valid JSON"}
    if not isinstance(item, dict):
        return {"id": None, "line": number, "error": "each line must be a JSON object"}
    line_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": line_id, "line": number, "error": "text must be a string"}
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return {"id": line_id, "line": number, "error": "text is not valid Unicode"}
    known = item.get("known")
    if known is not None and (
        not isinstance(known, dict) or not all(isinstance(v, str | None) for v in known.values())
    ):
        return {"id": line_id, "line": number, "error": "known must map fields to strings"}
    cleaned = {field: value for field in KNOWN_FIELDS if (value := (known or {}).get(field))}
    return (line_id, text, cleaned or None)


def _as_output(redaction: Redaction) -> dict[str, Any]:
    return {
        "redacted": redaction.text,
        "entities": [entity.as_dict() for entity in redaction.entities],
        "special_category": redaction.special_category,
    }
