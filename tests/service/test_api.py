"""The /v1 contract: every field of an answer, every verdict, every error shape."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.conftest import MakeClient

PLEADING = "I'll change, I swear, just give me one more chance"
HARASSING = "Pick up your phone. I know you're home."
PRACTICAL = "The landlord needs both signatures by Friday, can you sign at the office?"
REACHING_OUT = "Heard your sister got married. Hope the day was everything she wanted."
SELF_HARM = "I don't want to live without you. I keep thinking about ending it."
ACTIVE = {"start": "2026-11-20", "days": 30}

ANSWER_FIELDS = {"label", "probabilities", "flagged", "verdict", "hold_until", "no_contact", "reasons",
                 "suggestion", "highlights", "safety", "model_version"}


def check(client: TestClient, text: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/check", json={"text": text, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    error: dict[str, Any] = body["error"]
    return error


# --- answers ------------------------------------------------------------------------------

def test_a_pleading_draft_inside_the_period_is_held_until_it_ends(client: TestClient) -> None:
    answer = check(client, PLEADING, no_contact=ACTIVE, timezone="Europe/London")
    assert set(answer) == ANSWER_FIELDS
    assert answer["label"] == "pleading" and answer["flagged"] is True
    assert set(answer["probabilities"]) == {"practical", "reaching_out", "pleading", "harassing"}
    assert sum(answer["probabilities"].values()) == pytest.approx(1.0)
    assert answer["probabilities"]["pleading"] > 0.5
    assert answer["verdict"] == "hold" and answer["hold_until"] == "2026-12-20"
    assert answer["no_contact"] == {"start": "2026-11-20", "end": "2026-12-20", "days": 30,
                                    "status": "active", "day": 12, "days_left": 19}
    assert answer["reasons"][0].startswith("It reads as pleading")
    assert "Sunday 20 December" in answer["suggestion"]
    assert answer["safety"] == {"self_harm": False, "violence": False, "resources": []}
    assert answer["model_version"].startswith("unsent-")


def test_highlights_point_into_the_draft(client: TestClient) -> None:
    answer = check(client, PLEADING)
    assert answer["highlights"], "a pleading draft should say which words drove it"
    top = answer["highlights"][0]
    assert PLEADING[top["start"]:top["end"]] == "just give me one more chance"
    assert top["label"] == "pleading" and top["weight"] > 0
    weights = [h["weight"] for h in answer["highlights"]]
    assert weights == sorted(weights, reverse=True)


def test_highlight_offsets_count_code_points_past_emoji(client: TestClient) -> None:
    text = "😭😭 please just give me one more chance"
    answer = check(client, text)
    assert answer["highlights"]
    # In UTF-16 (what JavaScript counts) each emoji is two units: the ends would be off by 2.
    assert any(h["end"] == len(text) and text[h["start"]:h["end"]].endswith("one more chance")
               for h in answer["highlights"])


@pytest.mark.parametrize(("text", "label", "verdict", "hold_until"), [
    (HARASSING, "harassing", "hold", None),
    (PLEADING, "pleading", "hold", "2026-12-20"),
    (REACHING_OUT, "reaching_out", "hold", "2026-12-20"),
    (PRACTICAL, "practical", "send", None),
])
def test_every_label_inside_the_period(client: TestClient, text: str, label: str, verdict: str,
                                       hold_until: str | None) -> None:
    answer = check(client, text, no_contact=ACTIVE)
    assert (answer["label"], answer["verdict"], answer["hold_until"]) == (label, verdict, hold_until)
    assert answer["flagged"] == (label in ("pleading", "harassing"))


@pytest.mark.parametrize(("text", "label", "verdict", "hold_until"), [
    (HARASSING, "harassing", "hold", None),
    (PLEADING, "pleading", "hold", "2026-12-31"),
    (REACHING_OUT, "reaching_out", "send", None),
    (PRACTICAL, "practical", "send", None),
])
def test_every_label_without_a_period(client: TestClient, text: str, label: str, verdict: str,
                                      hold_until: str | None) -> None:
    answer = check(client, text)
    assert (answer["label"], answer["verdict"], answer["hold_until"]) == (label, verdict, hold_until)
    assert answer["no_contact"] is None


def test_self_harm_brings_crisis_resources(client: TestClient) -> None:
    answer = check(client, SELF_HARM, no_contact=ACTIVE)
    assert answer["safety"]["self_harm"] is True and answer["verdict"] == "hold"
    assert any("988" in line for line in answer["safety"]["resources"])
    assert "talk to someone now" in answer["suggestion"]


def test_a_threat_raises_the_violence_signal(client: TestClient) -> None:
    answer = check(client, "If I see him with you again I will kill him.")
    assert answer["safety"]["violence"] is True
    assert answer["verdict"] == "hold" and answer["hold_until"] is None
    assert answer["safety"]["resources"] == []


def test_days_default_to_the_configured_length(make_client: MakeClient) -> None:
    client = make_client(default_no_contact_days=14)
    answer = check(client, PLEADING, no_contact={"start": "2026-11-20"})
    assert answer["no_contact"]["days"] == 14 and answer["hold_until"] == "2026-12-04"


@pytest.mark.parametrize(("now", "zone", "day"), [
    (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "UTC", 12),
    (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "Asia/Tokyo", 13),          # already 2 Dec there
    (datetime(2026, 12, 2, 3, 0, tzinfo=UTC), "America/Los_Angeles", 12),  # still 1 Dec there
])
def test_today_is_the_writers_date(make_client: MakeClient, now: datetime, zone: str, day: int) -> None:
    answer = check(make_client(now=now), PLEADING, no_contact=ACTIVE, timezone=zone)
    assert answer["no_contact"]["day"] == day


def test_the_last_evening_of_a_period_in_the_writers_zone(make_client: MakeClient) -> None:
    # 19 Dec 23:50 in New York is 20 Dec in UTC: the period (ending 20 Dec) is still on there.
    client = make_client(now=datetime(2026, 12, 20, 4, 50, tzinfo=UTC))
    assert check(client, REACHING_OUT, no_contact=ACTIVE, timezone="America/New_York")["verdict"] == "hold"
    assert check(client, REACHING_OUT, no_contact=ACTIVE, timezone="UTC")["verdict"] == "send"


def test_thresholds_from_the_settings_change_what_is_flagged(make_client: MakeClient) -> None:
    strict = make_client(harassing_threshold=0.999999, pleading_threshold=0.999999)
    answer = check(strict, HARASSING)
    assert answer["flagged"] is False and answer["verdict"] == "send"
    assert answer["probabilities"]["harassing"] > 0.5  # the probabilities themselves are unchanged


# --- batch -------------------------------------------------------------------------------

def test_batch_answers_in_order_as_single_checks_do(make_client: MakeClient) -> None:
    client = make_client(frequency_threshold=1000)  # so the day's count does not change the words
    texts = [PRACTICAL, HARASSING, "ok see u at 7", PLEADING, REACHING_OUT]
    response = client.post("/v1/check/batch", json={"items": [{"text": t} for t in texts],
                                                     "no_contact": ACTIVE, "timezone": "UTC"})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["label"] for r in results] == ["practical", "harassing", "practical", "pleading", "reaching_out"]
    for text, result in zip(texts, results, strict=True):
        single = check(client, text, no_contact=ACTIVE, timezone="UTC")
        # The batch path sums in another order: probabilities agree to ~1e-15, the rest exactly.
        assert result.pop("probabilities") == pytest.approx(single.pop("probabilities"), abs=1e-12)
        assert result == single


def test_batch_limits(client: TestClient) -> None:
    too_many = client.post("/v1/check/batch", json={"items": [{"text": "hi"}] * 101})
    error = error_of(too_many, 422)
    assert error["field"] == "items" and "at most 100" in error["message"]
    assert client.post("/v1/check/batch", json={"items": [{"text": "hi"}] * 100}).status_code == 200
    empty = error_of(client.post("/v1/check/batch", json={"items": []}), 422)
    assert empty["field"] == "items"


def test_one_blank_item_fails_the_batch_and_names_it(client: TestClient) -> None:
    response = client.post("/v1/check/batch", json={"items": [{"text": "hi"}, {"text": " \n "}]})
    error = error_of(response, 422)
    assert error["field"] == "items.1.text" and "empty" in error["message"]


# --- model card and health ---------------------------------------------------------------

def test_model_card(client: TestClient) -> None:
    card = client.get("/v1/model").json()
    assert card["labels"] == ["practical", "reaching_out", "pleading", "harassing"]
    assert card["model_version"] == check(client, "hi")["model_version"]
    assert 0.5 < card["metrics"]["test_macro_f1"] < 1.0
    assert date.fromisoformat(card["created"][:10]).year >= 2026
    assert card["n_test"] > 1000


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "model_version": None}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["model_version"].startswith("unsent-")


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "code", "field", "words"), [
    ({"text": ""}, "invalid_field", "text", "empty"),
    ({"text": "  \n\t "}, "invalid_field", "text", "empty"),
    ({}, "missing_field", "text", "required"),
    ({"text": 42}, "invalid_field", "text", "string"),
    ({"text": None}, "invalid_field", "text", "string"),
    ({"text": "hi", "mood": "sad"}, "unknown_field", "mood", "not a field"),
    ({"text": "hi", "no_contact": {"start": "2026-02-30"}}, "invalid_field", "no_contact.start", "YYYY-MM-DD"),
    ({"text": "hi", "no_contact": {"start": "next tuesday"}}, "invalid_field", "no_contact.start", "YYYY-MM-DD"),
    ({"text": "hi", "no_contact": {"start": 1764547200}}, "invalid_field", "no_contact.start", "YYYY-MM-DD"),
    ({"text": "hi", "no_contact": {"start": "1900-01-01"}}, "invalid_field", "no_contact.start", "between"),
    ({"text": "hi", "no_contact": {"days": 30}}, "missing_field", "no_contact.start", "required"),
    ({"text": "hi", "no_contact": {"start": "2026-11-20", "days": 0}}, "invalid_field", "no_contact.days",
     "1 to 365"),
    ({"text": "hi", "no_contact": {"start": "2026-11-20", "days": 366}}, "invalid_field", "no_contact.days",
     "1 to 365"),
    ({"text": "hi", "no_contact": {"start": "2026-11-20", "days": "30"}}, "invalid_field", "no_contact.days",
     "whole number"),
    ({"text": "hi", "no_contact": {"start": "2026-11-20", "length": 3}}, "unknown_field",
     "no_contact.length", "not a field"),
    ({"text": "hi", "no_contact": "2026-11-20"}, "invalid_field", "no_contact", "object"),
    ({"text": "hi", "timezone": "Mars/Olympus"}, "invalid_timezone", "timezone", "IANA"),
    ({"text": "hi", "timezone": "../../etc/passwd"}, "invalid_timezone", "timezone", "IANA"),
    ({"text": "hi", "timezone": ""}, "invalid_timezone", "timezone", "IANA"),
    ([{"text": "hi"}], "invalid_field", None, "object"),
])
def test_invalid_fields_get_a_422_naming_the_field(client: TestClient, body: Any, code: str,
                                                   field: str | None, words: str) -> None:
    error = error_of(client.post("/v1/check", json=body), 422)
    assert (error["code"], error["field"]) == (code, field)
    assert words in error["message"]


def test_a_draft_over_the_limit_is_422_and_not_quoted(make_client: MakeClient) -> None:
    client = make_client(max_draft_chars=100)
    error = error_of(client.post("/v1/check", json={"text": "secret " * 20}), 422)
    assert error["code"] == "draft_too_long" and error["field"] == "text"
    assert "140 characters" in error["message"] and "100" in error["message"]
    assert "secret" not in error["message"]
    assert client.post("/v1/check", json={"text": "x" * 100}).status_code == 200


def test_a_body_over_the_limit_is_413(make_client: MakeClient) -> None:
    client = make_client(max_body_bytes=2048)
    error = error_of(client.post("/v1/check", json={"text": "a" * 4000}), 413)
    assert error["code"] == "body_too_large" and "2,048 bytes" in error["message"]


def test_a_chunked_body_over_the_limit_is_413(make_client: MakeClient) -> None:
    client = make_client(max_body_bytes=2048)
    chunks = iter([b'{"text": "', b"a" * 1500, b"a" * 1500, b'"}'])
    response = client.post("/v1/check", content=chunks, headers={"content-type": "application/json"})
    assert error_of(response, 413)["code"] == "body_too_large"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_that_is_not_json_is_415(client: TestClient, content_type: str) -> None:
    response = client.post("/v1/check", content=b"text=hello", headers={"content-type": content_type})
    error = error_of(response, 415)
    assert error["code"] == "unsupported_media_type" and "application/json" in error["message"]


def test_json_with_a_charset_is_accepted(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{"text": "ok see u at 7"}',
                           headers={"content-type": "application/json; charset=utf-8"})
    assert response.status_code == 200 and response.json()["label"] == "practical"


@pytest.mark.parametrize("raw", [b"{bad json", b'{"text": "unterminated', b"\xff\xfe{}", b"\x80", b""])
def test_broken_json_is_422(client: TestClient, raw: bytes) -> None:
    error = error_of(client.post("/v1/check", content=raw, headers={"content-type": "application/json"}), 422)
    assert error["code"] in ("invalid_json", "missing_field")


def test_unknown_paths_and_methods_answer_json(client: TestClient) -> None:
    assert error_of(client.get("/v1/nothing"), 404)["code"] == "not_found"
    assert error_of(client.get("/v1/check"), 405)["code"] == "method_not_allowed"
    assert error_of(client.put("/v1/model", json={}), 405)["code"] == "method_not_allowed"


def test_openapi_documents_the_contract_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    check_op = spec["paths"]["/v1/check"]["post"]
    assert {"200", "413", "415", "422"} <= set(check_op["responses"])
    request = spec["components"]["schemas"]["CheckRequest"]
    assert request["examples"][0]["text"]
    answer = spec["components"]["schemas"]["CheckResponse"]["properties"]
    assert set(answer) == ANSWER_FIELDS
    assert "/v1/check/batch" in spec["paths"] and "/v1/model" in spec["paths"]


def test_bench_routes_exist_only_when_asked_for(make_client: MakeClient) -> None:
    plain = make_client()
    assert plain.post("/bench/empty", json={"text": PLEADING}).status_code == 404
    assert plain.post("/bench/classify", json={"text": PLEADING}).status_code == 404
    bench = make_client(bench_routes=True)
    assert bench.post("/bench/empty", json={"text": PLEADING}).json() == {}
    assert bench.post("/bench/classify", json={"text": PLEADING}).json() == {}
    assert error_of(bench.post("/bench/classify", json={"text": "  "}), 422)["field"] == "text"
    assert "/bench/classify" not in bench.get("/openapi.json").json()["paths"]
