"""The web page in a real headless Chromium (Debian's), against a real server process.

Playwright drives ``/usr/bin/chromium`` (its own browser download is not used). Where that
browser is missing the tests are skipped with the command that installs it.
"""

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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
HARASSING = "Answer me you coward or I will come to your house"


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


# --- holding drafts -----------------------------------------------------------------------

def call(server: RunningServer, method: str, path: str, body: object = None) -> Any:
    """The JSON answer of one API request (None for 204); raises HTTPError on 4xx and 5xx."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        payload = response.read()
    return json.loads(payload) if payload else None


@pytest.fixture
def no_holds(server: RunningServer) -> Iterator[None]:
    """The module's server is shared: start and end with no held drafts."""
    def clear() -> None:
        for hold in call(server, "GET", "/v1/holds")["holds"]:
            call(server, "DELETE", f"/v1/holds/{hold['id']}")

    clear()
    yield
    clear()


def held_section(page: "sync_api.Page") -> "sync_api.Locator":
    return page.get_by_role("region", name="Held drafts")


def set_period(page: "sync_api.Page", start: date, days: int) -> None:
    page.get_by_label("Started on").fill(start.isoformat())
    page.get_by_label("Length in days").fill(str(days))
    page.get_by_label("Length in days").blur()  # "change": the page saves the period


@pytest.mark.usefixtures("no_holds")
def test_holding_a_draft_puts_it_out_of_sight_and_delete_removes_it(page: "sync_api.Page") -> None:
    start = date.today() - timedelta(days=5)
    end = start + timedelta(days=30)
    set_period(page, start, 30)
    check(page, PLEADING)
    held = held_section(page)
    sync_api.expect(held.get_by_text("Nothing held right now.")).to_be_visible()

    page.get_by_role("button", name="Hold it for me").click()
    sync_api.expect(page.get_by_role("status").filter(has_text="Held until")).to_have_text(
        f"Held until {day_name(end)}. It's out of sight; we'll bring it back then.")
    assert page.get_by_label("Your draft", exact=True).input_value() == ""
    sync_api.expect(page.locator("#result")).to_be_hidden()
    items = held.get_by_role("listitem")
    sync_api.expect(items).to_have_count(1)
    sync_api.expect(items.first).to_contain_text(f"{(end - date.today()).days} days left")
    sync_api.expect(items.first).to_contain_text(f"until {day_name(end)}")
    assert "chance" not in page.locator("body").inner_text()  # nowhere on the page, list included
    sync_api.expect(items.first.get_by_role("button", name="Read it again")).to_have_count(0)

    # Reading it early is a deliberate act, and it can be put away again.
    items.first.get_by_role("button", name="Show it anyway").click()
    sync_api.expect(held.locator("blockquote")).to_have_text(PLEADING)
    held.get_by_role("button", name="Hide it again").click()
    assert "chance" not in page.locator("body").inner_text()

    # It is still there after a reload, text still hidden.
    page.reload()
    sync_api.expect(held_section(page).get_by_role("listitem")).to_have_count(1)
    assert "chance" not in page.locator("body").inner_text()

    # Delete asks first; "Keep it" keeps it.
    item = held_section(page).get_by_role("listitem").first
    item.get_by_role("button", name="Delete").click()
    sync_api.expect(item).to_contain_text("Delete this draft for good?")
    item.get_by_role("button", name="Keep it").click()
    sync_api.expect(held_section(page).get_by_role("listitem")).to_have_count(1)
    item.get_by_role("button", name="Delete").click()
    item.get_by_role("button", name="Yes, delete it").click()
    held = held_section(page)
    sync_api.expect(held.get_by_text("Deleted for good.")).to_be_visible()
    sync_api.expect(held.get_by_role("listitem")).to_have_count(0)
    sync_api.expect(held.get_by_text("Nothing held right now.")).to_be_visible()
    page.reload()
    sync_api.expect(held_section(page).get_by_text("Nothing held right now.")).to_be_visible()


@pytest.mark.usefixtures("no_holds")
def test_a_draft_without_a_hold_date_is_held_until_the_saved_period_ends(
        page: "sync_api.Page", server: RunningServer) -> None:
    """'Don't send this' gives no date, so the hold ends when the period saved to the profile ends."""
    start = date.today() - timedelta(days=3)
    end = start + timedelta(days=40)
    set_period(page, start, 40)
    check(page, HARASSING)
    sync_api.expect(page.locator("#verdict")).to_have_text("Don't send this")
    page.get_by_role("button", name="Hold it for me").click()
    sync_api.expect(page.locator("#held-note")).to_have_text(
        f"Held until {day_name(end)}. It's out of sight; we'll bring it back then.")
    assert call(server, "GET", "/v1/profile")["no_contact"]["end"] == end.isoformat()


@pytest.mark.usefixtures("no_holds")
def test_a_refused_hold_says_why_and_keeps_the_draft(page: "sync_api.Page") -> None:
    """The server refuses a hold_until that is no longer after today (the check answered just
    before midnight); that cannot be arranged with a real clock, so the refusal is simulated."""
    message = "hold_until must be after today (2026-12-22); pick a later date."
    page.route("**/v1/holds", lambda route: route.fulfill(
        status=422, json={"error": {"code": "invalid_field", "message": message, "field": "hold_until"}})
        if route.request.method == "POST" else route.fallback())
    check(page, PLEADING)
    page.get_by_role("button", name="Hold it for me").click()
    sync_api.expect(page.get_by_role("alert")).to_have_text(message)
    sync_api.expect(page.get_by_role("button", name="Hold it for me")).to_be_focused()
    assert page.get_by_label("Your draft", exact=True).input_value() == PLEADING
    sync_api.expect(page.locator("#held-note")).to_be_hidden()
    sync_api.expect(held_section(page).get_by_text("Nothing held right now.")).to_be_visible()


def test_no_hold_offer_for_a_draft_that_is_ok_to_send(page: "sync_api.Page") -> None:
    check(page, PRACTICAL)
    sync_api.expect(page.locator("#verdict")).to_have_text("OK to send")
    sync_api.expect(page.get_by_role("button", name="Hold it for me")).to_be_hidden()


@pytest.mark.usefixtures("no_holds")
def test_holding_and_deleting_from_the_keyboard(page: "sync_api.Page") -> None:
    page.keyboard.press("Tab")
    page.keyboard.type(PLEADING)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#result:not([hidden])")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hold it for me"
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#held-note")).to_be_focused()  # the confirmation is read out
    item = held_section(page).get_by_role("listitem").first
    item.get_by_role("button", name="Delete").focus()
    page.keyboard.press("Enter")
    sync_api.expect(item.get_by_role("button", name="Keep it")).to_be_focused()  # the safe choice first
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    sync_api.expect(held_section(page).get_by_text("Nothing held right now.")).to_be_visible()


@pytest.mark.usefixtures("no_holds")
def test_held_drafts_fit_a_phone(browser: "sync_api.Browser", server: RunningServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(server.url + "/")
    check(page, PLEADING)
    page.get_by_role("button", name="Hold it for me").click()
    item = held_section(page).get_by_role("listitem").first
    item.get_by_role("button", name="Show it anyway").click()
    item.get_by_role("button", name="Delete").click()
    sync_api.expect(item.get_by_role("button", name="Yes, delete it")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for name in ("Yes, delete it", "Keep it", "Hide it again"):  # one line each, thumb-sized
        box = item.get_by_role("button", name=name).bounding_box()
        assert box is not None and 44 <= box["height"] < 60, (name, box)
    context.close()


# --- a released hold ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningServer, dict[str, Any]]]:
    """A server of its own holding one released draft, made through the API without moving any clock.

    A hold's day must be after the writer's today, and "today" is read in the profile's time
    zone. UTC-12 (Etc/GMT+12) and UTC+14 (Pacific/Kiritimati) are 26 hours apart, so the date
    in Kiritimati is always one or two days after the date in Etc/GMT+12: hold the draft until
    tomorrow as seen in Etc/GMT+12, then move the profile to Kiritimati, where that day has
    come. This is deterministic at any hour, so the page is tested against the real released
    answer (prompt and second look) rather than a response intercepted with page.route.
    """
    folder = tmp_path_factory.mktemp("released")
    with running_server(folder / "server.log", env={"UNSENT_DATA_DIR": str(folder)}) as running:
        call(running, "PUT", "/v1/profile", {"no_contact": None, "timezone": "Etc/GMT+12"})
        for _ in range(2):  # a second try only if Etc/GMT+12 passed midnight in between
            tomorrow = datetime.now(UTC).astimezone(ZoneInfo("Etc/GMT+12")).date() + timedelta(days=1)
            try:
                hold = call(running, "POST", "/v1/holds", {"text": PLEADING, "hold_until": tomorrow.isoformat()})
                break
            except urllib.error.HTTPError as error:
                if error.code != 422:
                    raise
        call(running, "PUT", "/v1/profile", {"no_contact": None, "timezone": "Pacific/Kiritimati"})
        detail = call(running, "GET", f"/v1/holds/{hold['id']}")
        assert detail["status"] == "released"
        yield running, detail


def test_a_released_hold_asks_whether_you_still_want_to_send_it(
        browser: "sync_api.Browser", released: tuple[RunningServer, dict[str, Any]]) -> None:
    server, detail = released
    second = detail["second_look"]
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(server.url + "/")
    item = held_section(page).get_by_role("listitem").first
    sync_api.expect(item).to_contain_text("Ready for a second look")
    assert "chance" not in item.inner_text()  # the list never shows the words, released or not
    sync_api.expect(item.get_by_role("button", name="Show it anyway")).to_have_count(0)

    item.get_by_role("button", name="Read it again").click()
    prompt = page.locator("#hold-view-title")
    sync_api.expect(prompt).to_have_text(detail["prompt"])
    assert re.fullmatch(r"You wrote this (today|yesterday|\d+ days ago)\. Still want to send it\?",
                        prompt.text_content() or "")
    sync_api.expect(prompt).to_be_focused()
    view = page.get_by_role("article")
    sync_api.expect(view.locator("blockquote")).to_have_text(PLEADING)
    assert "just give me one more chance" in view.locator("blockquote mark").all_text_contents()
    sync_api.expect(view.get_by_role("heading", name="A second look")).to_be_visible()
    assert second["verdict"] == "hold" and second["hold_until"]
    sync_api.expect(view.locator(".verdict")).to_have_text(
        f"Hold it until {day_name(date.fromisoformat(second['hold_until']))}")
    sync_api.expect(view.locator(".label")).to_contain_text("Pleading")
    sync_api.expect(view.locator(".suggestion")).to_have_text(second["suggestion"])

    view.get_by_role("button", name="Hide it again").click()
    sync_api.expect(page.get_by_role("article")).to_be_hidden()
    sync_api.expect(item.get_by_role("button", name="Read it again")).to_be_focused()
    assert "chance" not in page.locator("body").inner_text()
    context.close()
