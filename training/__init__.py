"""Training, evaluation, benchmarks and the ``unsent`` command line."""
