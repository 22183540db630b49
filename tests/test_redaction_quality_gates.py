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
  once with each model (0.732 before, 0.810 after), read for nothing;
- heldout10: 539 lines (702 spans, a third of them addresses) by a fifth outside session,
  written at the start of round 3 and measured on the session-start code (0.897) and once
  round 3 was merged (0.926), read for nothing before either measurement.

Since the retrained model (docs/performance.md, "The model retrained") every set is gated
at its figures with that model. In round 3 (docs/performance.md, "Round 3") held-out 8 and 9
were read for their categories of miss and the public seeds 7 and 4817 for their ADDRESS
misses: every set here is now seen, and each is gated at its round-3 figures. In round 3b
(docs/performance.md, "Round 3b") held-out 10 was read for its categories of miss too, so
it is seen like the others; its recall gate rose to the figure measured after that round."""

import pytest

from tests import pii_scoring
from transcripts.redaction.pii import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


# set: (overall recall, lowest recall of any label, other words kept), as measured after
# round 3's categories and the model retrained on its generator (docs/performance.md,
# "Round 3"), rounded down, never above. Five kept gates fell: held-out 5, 6 and 8 and seed
# 4817 by 0.001, seed 6011 by 0.002. A neighbour's flat ("Mrs Begum in flat 5") and a
# public street are now masked as held-out 7 to 9 label them, where those sets leave them
# unlabelled; docs/performance.md lists the words.
GATES = {
    "heldout5": (0.980, 0.96, 0.963),
    "presidio_generator": (0.934, 0.83, 0.968),
    "presidio_generator_seed7": (0.936, 0.81, 0.968),
    "heldout2": (0.964, 0.90, 0.995),
    # Written by an outsider and measured once, after the second pass was merged (0.848);
    # seen since: its misses were read for their categories.
    "heldout6": (0.960, 0.92, 0.963),
    # Written by another outsider, measured once after held-out 6's categories were merged
    # (docs/performance.md, "Held-out 7"); seen since.
    "heldout7": (0.940, 0.87, 0.953),
    # Made at the start of an earlier pass, measured at its end and since; its ADDRESS
    # misses were read in round 3. Its ZIP codes are five-digit US numbers.
    "presidio_generator_seed4817": (0.925, 0.45, 0.969),
    # Written by a third outsider (docs/performance.md, "Held-out 8"); read in round 3.
    "heldout8": (0.952, 0.82, 0.983),
    # Written by a fourth outsider while the model was retrained; read in round 3.
    "heldout9": (0.977, 0.89, 0.987),
    # The public generator on its default records (many countries), measured with both models.
    "presidio_generator_seed6011": (0.834, 0.33, 0.973),
    # Written by a fifth outsider at the start of round 3, measured before and after it;
    # read for its categories in round 3b (0.926 -> 0.949).
    "heldout10": (0.948, 0.77, 0.968),
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
