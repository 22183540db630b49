"""Reduce a User-Agent header to the browser and OS the privacy notice names.

Only these two coarse facts are kept (sealed); the raw header never is.
"""

import re

_BROWSERS = (
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/(\d+)")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/(\d+)")),
    ("Opera", re.compile(r"(?:OPR|Opera)/(\d+)")),
    ("Firefox", re.compile(r"(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"(?:Chrome|CriOS)/(\d+)")),
    ("Safari", re.compile(r"Version/(\d+).*Safari/")),
)
_SYSTEMS = (
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Android", re.compile(r"Android")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux")),
)
MAX_HEADER = 1000


def summarise_user_agent(header: str) -> tuple[str, str]:
    """Returns (browser with major version, operating system), "Other" when unknown."""
    header = header[:MAX_HEADER]
    browser = next(
        (
            f"{name} {match.group(1)}"
            for name, pattern in _BROWSERS
            if (match := pattern.search(header))
        ),
        "Other",
    )
    system = next((name for name, pattern in _SYSTEMS if pattern.search(header)), "Other")
    return browser, system
