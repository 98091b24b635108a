"""``python -m training`` is the ``unsent`` command."""

from training.cli import app

app(prog_name="unsent")
