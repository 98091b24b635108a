"""The HTTP service (JSON API and web page) over ``model.load_classifier``.

Not built yet: this package exists so the project layout and packaging are in place. The
model side it will call is complete and documented in the README.
"""
