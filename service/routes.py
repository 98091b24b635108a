"""The HTTP surface: each route parses, calls one function, and returns a schema."""

from importlib import resources
from typing import Any, Final

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from service import checking, records
from service.auth import require_admin
from service.deps import CallerDep, CheckerDep, KeeperDep, ModelDep
from service.reload import reload_model
from service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    ErrorBody,
    FeedbackOut,
    FeedbackRequest,
    Health,
    HoldDetail,
    HoldList,
    HoldRequest,
    HoldSummary,
    ModelCard,
    ProfileBody,
    ProfileOut,
)

STATIC_DIR: Final = resources.files("service") / "static"

_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"model": ErrorBody, "description": "Keyed mode: no key, or a wrong or revoked one."},
    429: {"model": ErrorBody, "description": "Too many requests for this key; see Retry-After."},
    413: {"model": ErrorBody, "description": "The body is over UNSENT_MAX_BODY_BYTES."},
    415: {"model": ErrorBody, "description": "The body is not JSON."},
    422: {"model": ErrorBody, "description": "A field is missing, unknown or invalid; `field` names it."},
    503: {"model": ErrorBody, "description": "The model is not loaded yet, or the database is unavailable."},
}
_STORED: Final[dict[int | str, dict[str, Any]]] = {
    **_ERRORS, 404: {"model": ErrorBody, "description": "No such hold (holds of other keys do not exist here)."},
}
_ADMIN: Final[dict[int | str, dict[str, Any]]] = {
    401: _ERRORS[401], 403: {"model": ErrorBody, "description": "Not an admin key."},
    409: {"model": ErrorBody, "description": "The artifact was refused; the old model keeps serving."},
    429: _ERRORS[429], 503: _ERRORS[503],
}

api = APIRouter(prefix="/v1", tags=["check"])
health = APIRouter(tags=["health"])
page = APIRouter(include_in_schema=False)
bench = APIRouter(include_in_schema=False)


@api.post("/check", response_model=CheckResponse, responses=_ERRORS,
          summary="Check one draft: label, verdict, hold-until date, reasons and highlights")
async def check(body: CheckRequest, checker: CheckerDep) -> CheckResponse:
    return await checking.check_soon(checker.batcher, body, checker.options, checker.writer)


@api.post("/check/batch", response_model=BatchResponse, responses=_ERRORS,
          summary="Check up to 100 drafts; results in the order sent")
def check_batch(body: BatchRequest, checker: CheckerDep) -> BatchResponse:
    return checking.check_batch(checker.classifier, body, checker.options, checker.writer)


@api.get("/model", response_model=ModelCard, responses={503: _ERRORS[503]}, tags=["model"],
         summary="The model card: version, labels, training date, headline metrics")
async def model_card(model: ModelDep) -> ModelCard:
    return model.card


@api.get("/profile", response_model=ProfileOut, responses=_ERRORS, tags=["profile"],
         summary="The writer's standing no-contact period and time zone")
def get_profile(keeper: KeeperDep) -> ProfileOut:
    return records.read_profile(keeper.records, keeper.caller, keeper.options)


@api.put("/profile", response_model=ProfileOut, responses=_ERRORS, tags=["profile"],
         summary="Set the no-contact period and time zone that checks and holds use when they give none")
def put_profile(body: ProfileBody, keeper: KeeperDep) -> ProfileOut:
    return records.put_profile(keeper.records, keeper.caller, body, keeper.options)


@api.post("/holds", response_model=HoldSummary, status_code=201, responses=_ERRORS, tags=["holds"],
          summary="Put a draft away until the no-contact period ends (or hold_until)")
def create_hold(body: HoldRequest, keeper: KeeperDep) -> HoldSummary:
    return records.create_hold(keeper.records, keeper.caller, body, keeper.options)


@api.get("/holds", response_model=HoldList, responses=_ERRORS, tags=["holds"],
         summary="The held drafts, soonest first, without their text")
def list_holds(keeper: KeeperDep) -> HoldList:
    return records.list_holds(keeper.records, keeper.caller, keeper.options)


@api.get("/holds/{hold_id}", response_model=HoldDetail, responses=_STORED, tags=["holds"],
         summary="One held draft with its text; once released, a second look with today's model")
def read_hold(hold_id: str, keeper: KeeperDep, model: ModelDep) -> HoldDetail:
    return records.read_hold(keeper.records, keeper.caller, hold_id, keeper.options, model.classifier)


@api.delete("/holds/{hold_id}", status_code=204, responses=_STORED, tags=["holds"],
            summary="Delete a held draft for good")
def delete_hold(hold_id: str, keeper: KeeperDep) -> Response:
    records.delete_hold(keeper.records, keeper.caller, hold_id)
    return Response(status_code=204)


@api.post("/feedback", response_model=FeedbackOut, status_code=201, responses=_ERRORS, tags=["feedback"],
          summary="Tell us the label a draft should have had; kept, encrypted, for retraining")
def feedback(body: FeedbackRequest, keeper: KeeperDep, model: ModelDep) -> FeedbackOut:
    return records.add_feedback(keeper.records, keeper.caller, body, keeper.options, model.card.model_version)


@api.post("/admin/reload", response_model=ModelCard, responses=_ADMIN, tags=["admin"],
          summary="Load the configured artifact again and swap it in without dropping requests")
async def reload(request: Request, caller: CallerDep) -> ModelCard:
    require_admin(caller)
    return await reload_model(request.app)


@health.get("/healthz", response_model=Health, summary="The process is alive")
async def healthz() -> Health:
    return Health(status="ok")


@health.get("/readyz", response_model=Health, responses={503: _ERRORS[503]},
            summary="The model is loaded and checks can be answered")
async def readyz(model: ModelDep) -> Health:
    return Health(status="ready", model_version=model.card.model_version)


@page.get("/")
async def index() -> FileResponse:
    return FileResponse(str(STATIC_DIR / "index.html"), media_type="text/html")


@bench.post("/bench/empty")
async def empty() -> dict[str, str]:
    """The baseline ``unsent bench --service`` compares /v1/check with: same server, no work."""
    return {}


@bench.post("/bench/classify")
async def classify_only(body: CheckRequest, model: ModelDep) -> dict[str, str]:
    """The draft classified as /v1/check classifies it (micro-batched) and nothing else: no
    caller, policy or answer. ``unsent bench --service`` times it to show how much of the gap
    between the empty endpoint and /v1/check is the model's."""
    await model.batcher.classify(body.text)
    return {}
