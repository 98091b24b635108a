"""What routes receive, as named dependency types declared once.

The providers are ``async def`` although they never await: FastAPI runs a plain ``def``
dependency in its thread pool, a hop that cost more than the whole check. And the check
routes take one dependency, not a chain: each level of FastAPI's dependency solving costs
tens of microseconds, which at thousands of requests per second is a large share.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from model.classifier import Classifier
from service.checking import CheckOptions
from service.config import Settings
from service.errors import NotReadyError
from service.state import LoadedModel

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Checker:
    """What a check needs: the classifier, and the options fixed by settings and the clock."""

    classifier: Classifier
    options: CheckOptions


async def get_model(request: Request) -> LoadedModel:
    model: LoadedModel | None = getattr(request.app.state, "model", None)
    if model is None:
        raise NotReadyError("The model is still loading; try again in a moment.")
    return model


async def get_checker(request: Request) -> Checker:
    model = await get_model(request)
    settings: Settings = request.app.state.settings
    clock: Clock = request.app.state.clock
    options = CheckOptions(
        max_draft_chars=settings.max_draft_chars,
        default_days=settings.default_no_contact_days,
        default_timezone=settings.default_timezone,
        now=clock(),
    )
    return Checker(classifier=model.classifier, options=options)


ModelDep = Annotated[LoadedModel, Depends(get_model)]
CheckerDep = Annotated[Checker, Depends(get_checker)]
