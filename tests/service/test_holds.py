"""Holds, the profile and feedback over the API, on SQLite and on PostgreSQL."""

from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.service.conftest import MakeClient

PLEADING = "I'll change, I swear, just give me one more chance"
PERIOD = {"no_contact": {"start": "2026-11-20", "days": 30}, "timezone": "Europe/London"}  # ends 2026-12-20


def test_a_hold_defaults_to_the_end_of_the_profiles_period(stored_client: TestClient) -> None:
    assert stored_client.put("/v1/profile", json=PERIOD).status_code == 200
    created = stored_client.post("/v1/holds", json={"text": PLEADING})
    assert created.status_code == 201, created.text
    hold = created.json()
    assert hold["hold_until"] == "2026-12-20" and hold["status"] == "pending" and hold["days_left"] == 19
    listed = stored_client.get("/v1/holds").json()["holds"]
    assert listed == [hold] and "text" not in listed[0]
    detail = stored_client.get(f"/v1/holds/{hold['id']}").json()
    assert detail["text"] == PLEADING and detail["prompt"] is None and detail["second_look"] is None


def test_without_a_period_a_hold_defaults_to_the_default_length(stored_client: TestClient) -> None:
    hold = stored_client.post("/v1/holds", json={"text": PLEADING}).json()
    assert hold["hold_until"] == "2026-12-31"


def test_a_released_hold_gets_a_second_look(make_client: MakeClient, database_url: str) -> None:
    before = make_client(database_url=database_url)
    hold = before.post("/v1/holds", json={"text": PLEADING, "hold_until": "2026-12-05"}).json()
    later = make_client(now=datetime(2026, 12, 24, 9, 0, tzinfo=UTC), database_url=database_url,
                        data_dir=before.app.state.settings.data_dir)  # type: ignore[attr-defined]
    assert later.get("/v1/holds").json()["holds"][0]["status"] == "released"
    detail = later.get(f"/v1/holds/{hold['id']}").json()
    assert detail["status"] == "released" and detail["days_left"] == 0 and detail["written_days_ago"] == 23
    assert detail["prompt"] == "You wrote this 23 days ago. Still want to send it?"
    assert detail["second_look"]["label"] == "pleading" and detail["second_look"]["verdict"] == "hold"


def test_delete_is_for_good(stored_client: TestClient) -> None:
    hold = stored_client.post("/v1/holds", json={"text": PLEADING}).json()
    assert stored_client.delete(f"/v1/holds/{hold['id']}").status_code == 204
    missing = stored_client.get(f"/v1/holds/{hold['id']}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert stored_client.delete(f"/v1/holds/{hold['id']}").status_code == 404
    assert stored_client.get("/v1/holds").json() == {"holds": []}


def test_bad_holds_are_refused_and_name_the_field(stored_client: TestClient) -> None:
    for body, field in [({"text": "  "}, "text"), ({"text": "hi", "hold_until": "2026-11-30"}, "hold_until"),
                        ({"text": "hi", "hold_until": "soon"}, "hold_until"), ({"hold_until": None}, "text"),
                        ({"text": "hi", "until": "2026-12-30"}, "until")]:
        response = stored_client.post("/v1/holds", json=body)
        assert response.status_code == 422 and response.json()["error"]["field"] == field, (body, response.text)
    assert stored_client.get("/v1/holds").json() == {"holds": []}


def test_holds_outlive_the_app_and_are_encrypted_at_rest(make_client: MakeClient, database_url: str) -> None:
    first = make_client(database_url=database_url)
    hold = first.post("/v1/holds", json={"text": PLEADING}).json()
    data_dir: Path = first.app.state.settings.data_dir  # type: ignore[attr-defined]
    again = make_client(database_url=database_url, data_dir=data_dir)
    assert again.get(f"/v1/holds/{hold['id']}").json()["text"] == PLEADING
    engine = create_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT ciphertext FROM holds")).scalar_one()
    engine.dispose()
    assert b"chance" not in bytes(stored) and len(bytes(stored)) > len(PLEADING)


def test_the_profile_period_is_used_by_checks_that_give_none(stored_client: TestClient) -> None:
    assert stored_client.get("/v1/profile").json() == {"no_contact": None, "timezone": None}
    profile = stored_client.put("/v1/profile", json=PERIOD).json()
    assert profile["no_contact"]["end"] == "2026-12-20" and profile["no_contact"]["day"] == 12
    assert profile["timezone"] == "Europe/London"
    answer = stored_client.post("/v1/check", json={"text": "Happy birthday, hope it's a good one"}).json()
    assert answer["verdict"] == "hold" and answer["hold_until"] == "2026-12-20"
    own = stored_client.post("/v1/check", json={"text": "Happy birthday, hope it's a good one",
                                                "no_contact": {"start": "2026-10-01", "days": 10}}).json()
    assert own["verdict"] == "send"
    cleared = stored_client.put("/v1/profile", json={"no_contact": None, "timezone": None}).json()
    assert cleared["no_contact"] is None


def test_a_bad_profile_is_refused(stored_client: TestClient) -> None:
    for body, field in [({"timezone": "Nowhere/Land"}, "timezone"),
                        ({"no_contact": {"start": "2026-11-20", "days": 0}}, "no_contact.days"),
                        ({"no_contact": {"start": "20-11-2026"}}, "no_contact.start")]:
        response = stored_client.put("/v1/profile", json=body)
        assert response.status_code == 422 and response.json()["error"]["field"] == field, response.text


def test_the_day_count_of_flagged_drafts(stored_client: TestClient) -> None:
    first = stored_client.post("/v1/check", json={"text": "please please answer me"}).json()
    assert not any("drafted" in r for r in first["reasons"])
    stored_client.post("/v1/check", json={"text": "ok see u at 7"})  # not flagged: not counted
    stored_client.post("/v1/check", json={"text": "why won't you answer. answer me"})
    third = stored_client.post("/v1/check", json={"text": "please come back, I will do anything"}).json()
    assert "This is the 3rd message to them you have drafted in the last 24 hours." in third["reasons"]
    assert "a lot of messages for one day" in third["suggestion"]


def test_feedback_is_stored_encrypted(stored_client: TestClient, database_url: str) -> None:
    response = stored_client.post("/v1/feedback", json={"text": "can you feed the cat tonight",
                                                        "label": "practical", "predicted": "pleading"})
    assert response.status_code == 201 and response.json()["id"]
    bad = stored_client.post("/v1/feedback", json={"text": "hi", "label": "angry"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "label"
    engine = create_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT ciphertext, label, predicted FROM feedback")).one()
    engine.dispose()
    assert b"cat" not in bytes(row[0]) and (row[1], row[2]) == ("practical", "pleading")


def test_a_draft_checked_then_held_counts_once(stored_client: TestClient) -> None:
    for draft in ("please please answer me", "why won't you answer me, please"):
        assert stored_client.post("/v1/check", json={"text": draft}).json()["flagged"]
        assert stored_client.post("/v1/holds", json={"text": draft}).status_code == 201
    third = stored_client.post("/v1/check", json={"text": "please come back, I will do anything"}).json()
    assert "This is the 3rd message to them you have drafted in the last 24 hours." in third["reasons"]


def test_text_that_is_not_valid_unicode_cannot_be_held(stored_client: TestClient) -> None:
    body = b'{"text": "miss you \\ud800"}'
    for path in ("/v1/holds", "/v1/feedback"):
        payload = body if path == "/v1/holds" else b'{"text": "miss you \\ud800", "label": "pleading"}'
        response = stored_client.post(path, content=payload, headers={"content-type": "application/json"})
        assert response.status_code == 422 and response.json()["error"]["field"] == "text", response.text
        assert "surrogate" in response.json()["error"]["message"]


def test_ids_that_cannot_exist_are_404_on_every_database(stored_client: TestClient) -> None:
    for hold_id in ("abc%00def", "x" * 300, "0123456789ABCDEF0123456789ABCDEF", "%27%20OR%201=1"):
        for method in ("GET", "DELETE"):
            response = stored_client.request(method, f"/v1/holds/{hold_id}")
            assert response.status_code == 404, (method, hold_id, response.text)
            assert response.json()["error"] == {"code": "not_found", "message": "There is no hold with that id.",
                                                 "field": "hold_id"}


def test_the_second_look_reads_with_the_writers_period(make_client: MakeClient, database_url: str) -> None:
    before = make_client(database_url=database_url)
    hold = before.post("/v1/holds", json={"text": "Happy birthday, hope it's a good one",
                                          "hold_until": "2026-12-05"}).json()
    data_dir = before.app.state.settings.data_dir  # type: ignore[attr-defined]
    later = make_client(now=datetime(2026, 12, 24, 9, 0, tzinfo=UTC), database_url=database_url, data_dir=data_dir)
    later.put("/v1/profile", json={"no_contact": {"start": "2026-12-20", "days": 30}, "timezone": "Europe/Paris"})
    look = later.get(f"/v1/holds/{hold['id']}").json()["second_look"]
    assert look["label"] == "reaching_out"
    assert (look["verdict"], look["hold_until"]) == ("hold", "2027-01-19")  # a new period is running
    assert look["no_contact"]["status"] == "active"
