"""``python -m training`` is the ``unsent`` command."""

from training.cli import main

main()
