"""What routes receive, as named dependency types declared once."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from model.classifier import Classifier
from service.checking import CheckOptions
from service.config import Settings
from service.errors import NotReadyError
from service.state import LoadedModel

Clock = Callable[[], datetime]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_model(request: Request) -> LoadedModel:
    model: LoadedModel | None = getattr(request.app.state, "model", None)
    if model is None:
        raise NotReadyError("The model is still loading; try again in a moment.")
    return model


def get_classifier(model: Annotated[LoadedModel, Depends(get_model)]) -> Classifier:
    return model.classifier


def get_options(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> CheckOptions:
    clock: Clock = request.app.state.clock
    return CheckOptions(
        max_draft_chars=settings.max_draft_chars,
        default_days=settings.default_no_contact_days,
        default_timezone=settings.default_timezone,
        now=clock(),
    )


SettingsDep = Annotated[Settings, Depends(get_settings)]
ModelDep = Annotated[LoadedModel, Depends(get_model)]
ClassifierDep = Annotated[Classifier, Depends(get_classifier)]
OptionsDep = Annotated[CheckOptions, Depends(get_options)]
