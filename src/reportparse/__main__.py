"""``python -m reportparse`` runs the command-line interface."""

from .cli import main

main()
