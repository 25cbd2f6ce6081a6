"""``python -m stance``: the command line, as ``stance``."""

from .cli import main

main()
