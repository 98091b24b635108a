"""The web page in a real headless Chromium (Debian's), against a real server process.

Playwright drives ``/usr/bin/chromium`` (its own browser download is not used). Where that
browser is missing the tests are skipped with the command that installs it.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from service.launch import RunningServer, running_server

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed; on Debian or Ubuntu run 'sudo apt-get install chromium' "
                "(.ci/run does this)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="install the test extra: pip install -e '.[test]'")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PLEADING = "I'll change, I swear, just give me one more chance"
PRACTICAL = "The landlord needs both signatures by Friday, can you sign at the office?"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    folder = tmp_path_factory.mktemp("page")
    with running_server(folder / "server.log", env={"UNSENT_DATA_DIR": str(folder)}) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: "sync_api.Browser", server: RunningServer) -> Iterator["sync_api.Page"]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(server.url) else foreign.append(request.url))
    page.goto(server.url + "/")
    yield page
    context.close()
    assert not foreign, f"the page fetched from elsewhere: {foreign}"


def day_name(day: date) -> str:
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == date.today().year else f"{text} {day.year}"


def check(page: "sync_api.Page", text: str) -> None:
    page.get_by_label("Your draft", exact=True).fill(text)
    page.get_by_role("button", name="Check my message").click()
    page.wait_for_selector("#result:not([hidden])")


def test_a_pleading_draft_is_held_until_the_period_ends_and_highlighted(page: "sync_api.Page") -> None:
    start = date.today() - timedelta(days=5)
    page.get_by_label("Started on").fill(start.isoformat())
    page.get_by_label("Length in days").fill("30")
    check(page, PLEADING)
    verdict = page.locator("#verdict")
    sync_api.expect(verdict).to_have_text(f"Hold it until {day_name(start + timedelta(days=30))}")
    marks = page.locator("#highlighted mark").all_text_contents()
    assert "just give me one more chance" in marks
    assert page.locator("#highlighted").text_content() == PLEADING
    sync_api.expect(page.locator("#label")).to_contain_text("Pleading")
    assert page.locator("#reasons li").count() >= 2
    sync_api.expect(page.locator("#crisis")).to_be_hidden()


def test_a_practical_draft_is_ok_to_send(page: "sync_api.Page") -> None:
    check(page, PRACTICAL)
    sync_api.expect(page.locator("#verdict")).to_have_text("OK to send")
    sync_api.expect(page.locator("#label")).to_contain_text("Practical")


def test_self_harm_shows_crisis_help(page: "sync_api.Page") -> None:
    check(page, "I don't want to live without you. I keep thinking about ending it.")
    sync_api.expect(page.locator("#crisis")).to_be_visible()
    sync_api.expect(page.locator("#crisis-lines")).to_contain_text("988")


def test_highlights_land_on_the_right_characters_after_emoji(page: "sync_api.Page") -> None:
    text = "😭😭 please just give me one more chance"
    check(page, text)
    assert page.locator("#highlighted").text_content() == text
    assert any(mark.endswith("one more chance") for mark in page.locator("#highlighted mark").all_text_contents())


def test_the_period_is_remembered_but_the_draft_is_not(page: "sync_api.Page") -> None:
    page.get_by_label("Started on").fill("2026-11-02")
    page.get_by_label("Length in days").fill("45")
    check(page, PLEADING)
    page.reload()
    assert page.get_by_label("Started on").input_value() == "2026-11-02"
    assert page.get_by_label("Length in days").input_value() == "45"
    assert page.get_by_label("Your draft", exact=True).input_value() == ""
    stored = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "chance" not in stored


def test_keyboard_only(page: "sync_api.Page") -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "draft"
    page.keyboard.type(PRACTICAL)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "verdict"  # focus moves to the answer


def test_an_empty_draft_is_explained_not_sent(page: "sync_api.Page") -> None:
    page.get_by_role("button", name="Check my message").click()
    sync_api.expect(page.locator("#error")).to_have_text("Type or paste your message first.")
    sync_api.expect(page.locator("#result")).to_be_hidden()


def test_it_fits_a_phone(browser: "sync_api.Browser", server: RunningServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(server.url + "/")
    check(page, PLEADING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sync_api.expect(page.locator("#verdict")).to_be_in_viewport()  # the answer is scrolled into view
    context.close()
