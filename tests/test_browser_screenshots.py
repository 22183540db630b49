"""`make screenshots` (tests/screenshots.py) cannot rot: its first widget state and first
console screen are rendered here, through axe, as the full render does them."""

from pathlib import Path

import pytest
from PIL import Image

from tests import screenshots
from tests.accessibility import require_axe
from tests.browser import chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_one_widget_state_and_one_console_screen_render(chat, site, tmp_path: Path) -> None:
    require_axe()
    server = chat(CHAT_ROUTING="manual")
    async with chromium() as browser:
        taken = await screenshots.render_widget(
            browser, server, site, tmp_path, screenshots.WIDGET_STEPS[:2], [("phone", "cy")]
        )
        taken += await screenshots.render_console(
            browser, server, tmp_path, screenshots.CONSOLE_SCREENS[:1]
        )
    assert [path.name for path in taken] == [
        "widget-prechat-phone-cy.png",
        "widget-waiting-phone-cy.png",
        "console-queue.png",
    ]
    sizes = [Image.open(path).size for path in taken]
    assert sizes == [(390, 844), (390, 844), (1280, 800)]
