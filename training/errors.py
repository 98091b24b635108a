"""Errors raised while reading labeled data (a subclass of the model package's base error)."""

from model.errors import UnsentError


class DataFileError(UnsentError):
    """A labeled data file is missing, unreadable or has bad rows; the message names file:line."""
