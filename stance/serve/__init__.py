"""``stance serve``: the classifier over HTTP (FastAPI and uvicorn, the ``serve`` extra).
One :class:`~stance.pipeline.Classifier` is shared by every request; each request is a
run of its own, so a request that fails, is cancelled or whose client hangs up leaves
every other request as it was.

May import every other part of stance except the CLI.
"""

from ._app import Limits, create_app, run_server

__all__ = ["Limits", "create_app", "run_server"]
