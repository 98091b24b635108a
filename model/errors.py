"""Errors raised by the model package.

    UnsentError                      base of every error the project raises on purpose
    ├── EmptyDraftError              a draft with no visible text
    └── ArtifactError                a model artifact that cannot be used
        ├── ArtifactNotFoundError    no artifact or manifest where one was expected
        ├── ArtifactCorruptError     the bytes do not match the manifest, or do not load
        └── ArtifactIncompatibleError  built for other labels or library versions

Callers catch ``UnsentError`` for "something the user or operator can fix"; anything
else is a bug.
"""


class UnsentError(Exception):
    """Base class of the project's deliberate errors; the message says what to fix."""


class EmptyDraftError(UnsentError, ValueError):
    """The draft is empty or holds only whitespace."""


class ArtifactError(UnsentError):
    """A model artifact was refused."""


class ArtifactNotFoundError(ArtifactError):
    """The artifact or its manifest is missing."""


class ArtifactCorruptError(ArtifactError):
    """The artifact's bytes do not match its manifest, or it does not unpickle."""


class ArtifactIncompatibleError(ArtifactError):
    """The artifact was built for other labels, another format or other library versions."""
