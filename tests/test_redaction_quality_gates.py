"""Quality gates of the third round (issue #28), span recall beside the share of other
words kept on every set, each at (not above) the figure measured when detection was final.

- held-out 5: 402 lines written by someone who had not read the recognizers, measured once
  after the housing NER and the rules were final; since its second pass (2026-12-07) a
  development set: its misses were read for their categories;
- presidio_generator: 1,000 lines of presidio-evaluator 0.3.2's PresidioSentenceFaker on
  Faker en_GB records, seed 2028, labels mapped as docs/performance.md says; read for
  categories in the second pass, like held-out 5;
- presidio_generator_seed7: the same generator, seed 7 (Faker 40.63.0), made for the
  second pass and measured once at its end, never looked at while tuning;
- heldout6: 670 lines (884 spans) written by an outside session that never saw the code or
  the other sets, in many voices; measured once, after the second pass was merged.
  Most of its NHS and card numbers fail their checksums (invented by hand), and its tenancy
  references follow no one landlord's format: see docs/performance.md. Since then a
  development set too: its misses were read for their categories ("Held-out 6,
  categories" in docs/performance.md), fixed on invented lines of our own;
- heldout7: 717 lines (921 spans) by a second outside session (numbers with valid
  checksums, more voices), kept out of the repository until held-out 6's categories were
  merged, then measured once; seen since (its misses were read for their categories);
- presidio_generator_seed4817: the public generator again, seed 4817 (Faker 40.63.0),
  made at the start of the last pass and measured once at its end, never looked at;
- heldout8: 885 lines (1,055 spans) by a third outside session (numbers with valid checksums,
  phone numbers in Ofcom's drama ranges), measured at the start of the session that added
  it (0.914) and once more after that session's number rules were merged (0.924), read
  for nothing before either measurement;
- heldout9: 810 lines (1,163 spans) by a fourth outside session, written while the housing
  NER was retrained on the widened generator and measured once with each model (0.934
  before, 0.936 after), read for nothing;
- presidio_generator_seed6011: the public generator with its own default records (people
  of many countries, so foreign addresses and phone numbers), seed 6011, made and measured
  once with each model (0.732 before, 0.810 after), read for nothing.

Since the retrained model (docs/performance.md, "The model retrained") every set is gated
at its figures with that model."""

import pytest

from tests import pii_scoring
from transcripts.redaction.pii import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


# set: (overall recall, lowest recall of any label, other words kept), as measured with the
# retrained housing NER (docs/performance.md, "The model retrained"), never above.
GATES = {
    "heldout5": (0.978, 0.94, 0.964),
    "presidio_generator": (0.907, 0.78, 0.968),
    "presidio_generator_seed7": (0.921, 0.80, 0.968),
    "heldout2": (0.964, 0.90, 0.995),
    # Written by an outsider and measured once, after the second pass was merged (0.848);
    # seen since: its misses were read for their categories.
    "heldout6": (0.946, 0.86, 0.964),
    # Written by another outsider, measured once after held-out 6's categories were merged
    # (docs/performance.md, "Held-out 7"); seen since.
    "heldout7": (0.904, 0.76, 0.951),
    # Made at the start of the last pass and measured at its end and with the retrained
    # model; never read. Its ZIP codes are five-digit US numbers.
    "presidio_generator_seed4817": (0.885, 0.25, 0.970),
    # Written by a third outsider (docs/performance.md, "Held-out 8"): measured, never read.
    "heldout8": (0.917, 0.75, 0.984),
    # Written by a fourth outsider while the model was retrained; measured with both models.
    "heldout9": (0.936, 0.77, 0.986),
    # The public generator on its default records (many countries), measured with both models.
    "presidio_generator_seed6011": (0.810, 0.23, 0.975),
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_recall_and_kept_share_hold(redactor: Redactor, name: str) -> None:
    recall, lowest_label, kept = GATES[name]
    result = pii_scoring.score(pii_scoring.load(pii_scoring.OWN_SETS / f"{name}.jsonl"), redactor)
    report = pii_scoring.report(result)
    assert result.recall >= recall, report
    for label in result.total:
        assert result.label_recall(label) >= lowest_label, report
    assert result.kept >= kept, report
