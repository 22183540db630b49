"""Quality gates of the third round (issue #28), span recall beside the share of other
words kept on every set, each at (not above) the figure measured when detection was final.

- held-out 5: 402 lines written by someone who had not read the recognizers, measured once
  after the housing NER and the rules were final;
- presidio_generator: 1,000 lines of presidio-evaluator 0.3.2's PresidioSentenceFaker on
  Faker en_GB records, seed 2028 (never looked at while tuning; seed 42 was the one used
  while developing), labels mapped as docs/performance.md says.
"""

import pytest

from tests import pii_scoring
from transcripts.redaction.pii import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


# set: (overall recall, lowest recall of any label, other words kept), as measured the
# second time: after the first measurement, the housing NER's plausibility checks were
# tightened because tests/test_redaction.py's ordinary phrases were being masked.
GATES = {
    "heldout5": (0.932, 0.66, 0.954),
    "presidio_generator": (0.833, 0.59, 0.965),
    "heldout2": (0.964, 0.90, 0.995),
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
