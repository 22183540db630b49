"""axe-core in the browser: WCAG 2.2 A and AA rules on a page or a frame.

axe-core comes from the npm registry (``tests/axe``, installed by ``bin/ensure-axe``)
and is evaluated through Playwright, so no page ever loads it itself and the pages'
Content Security Policy stays as it is.
"""

from pathlib import Path
from typing import Any

from tests.backends import skip_or_fail

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    where: violation.nodes.map((node) => node.target.join(" ")),
    why: violation.nodes.map((node) => node.failureSummary),
  }));
}"""


def require_axe() -> None:
    if not AXE.exists():
        skip_or_fail("needs axe-core in tests/axe (bin/ensure-axe installs it with npm)")


async def violations(target: Any) -> list[dict[str, Any]]:
    """The WCAG 2.2 A/AA violations axe finds in ``target`` (a page or a frame)."""
    require_axe()
    if not await target.evaluate("() => typeof axe !== 'undefined'"):
        await target.evaluate(AXE.read_text())
    found: list[dict[str, Any]] = await target.evaluate(RUN, WCAG_22_AA)
    return found


async def assert_accessible(target: Any, state: str) -> None:
    found = await violations(target)
    assert found == [], f"{state}: " + "; ".join(
        f"{item['rule']} ({item['impact']}) at {item['where'][:3]}: {item['why'][0][:200]}"
        for item in found
    )
