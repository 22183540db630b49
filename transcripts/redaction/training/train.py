"""Trains the housing NER (PERSON, ADDRESS) on generated lines, reproducibly.

    python -m transcripts.redaction.training.train [--lines N] [--epochs N] [--seed N]

A fresh spaCy ``ner`` (its own hash-embedding CNN, no vectors) on a blank English
tokenizer, fitted on the generator's lines only; no development or held-out line
is used. CPU only, one thread, fixed seeds: the same arguments give the same model.
The result is written to ``transcripts/redaction/models/housing_ner``.
"""

import argparse
import random
import time
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import minibatch

from transcripts.redaction.training.generate import Line, lines

OUTPUT = Path(__file__).resolve().parent.parent / "models" / "housing_ner"
LABELS = ("PERSON", "ADDRESS")


def examples(nlp: spacy.language.Language, generated: list[Line]) -> list[Example]:
    made = []
    for line in generated:
        doc = nlp.make_doc(line.text)
        entities = []
        for start, end, label in line.spans:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                entities.append((span.start_char, span.end_char, label))
        made.append(Example.from_dict(doc, {"entities": entities}))
    return made


def train(count: int, epochs: int, seed: int, output: Path = OUTPUT) -> None:
    spacy.util.fix_random_seed(seed)  # type: ignore[attr-defined]
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in LABELS:
        ner.add_label(label)  # type: ignore[attr-defined]
    training = examples(nlp, list(lines(count, seed)))
    optimizer = nlp.initialize(lambda: training)
    shuffler = random.Random(seed)  # noqa: S311 (reproducible order, not secrets)
    for epoch in range(epochs):
        started, losses = time.perf_counter(), {}  # type: ignore[var-annotated]
        shuffler.shuffle(training)
        for batch in minibatch(training, size=32):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(
            f"epoch {epoch + 1}: loss {losses['ner']:.1f} ({time.perf_counter() - started:.0f} s)"
        )
    nlp.meta["name"] = "housing_ner"
    nlp.meta["description"] = f"PERSON/ADDRESS on {count} generated lines, seed {seed}"
    nlp.to_disk(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=7000)
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=28)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    train(arguments.lines, arguments.epochs, arguments.seed, arguments.output)


if __name__ == "__main__":
    main()
