"""The HTTP surface: each route parses, calls one function, and returns a schema."""

from importlib import resources
from typing import Any, Final

from fastapi import APIRouter
from fastapi.responses import FileResponse

from service import checking
from service.deps import CheckerDep, ModelDep
from service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    ErrorBody,
    Health,
    ModelCard,
)

STATIC_DIR: Final = resources.files("service") / "static"

_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    413: {"model": ErrorBody, "description": "The body is over UNSENT_MAX_BODY_BYTES."},
    415: {"model": ErrorBody, "description": "The body is not JSON."},
    422: {"model": ErrorBody, "description": "A field is missing, unknown or invalid; `field` names it."},
    503: {"model": ErrorBody, "description": "The model is not loaded yet."},
}

api = APIRouter(prefix="/v1", tags=["check"])
health = APIRouter(tags=["health"])
page = APIRouter(include_in_schema=False)
bench = APIRouter(include_in_schema=False)


@api.post("/check", response_model=CheckResponse, responses=_ERRORS,
          summary="Check one draft: label, verdict, hold-until date, reasons and highlights")
async def check(body: CheckRequest, checker: CheckerDep) -> CheckResponse:
    return checking.check(checker.classifier, body, checker.options)


@api.post("/check/batch", response_model=BatchResponse, responses=_ERRORS,
          summary="Check up to 100 drafts; results in the order sent")
def check_batch(body: BatchRequest, checker: CheckerDep) -> BatchResponse:
    return checking.check_batch(checker.classifier, body, checker.options)


@api.get("/model", response_model=ModelCard, responses={503: _ERRORS[503]}, tags=["model"],
         summary="The model card: version, labels, training date, headline metrics")
async def model_card(model: ModelDep) -> ModelCard:
    return model.card


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
