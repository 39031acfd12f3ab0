"""The entry points: ``python -m reportparse`` and the ``reportparse`` console script.

``main`` starts ``batch``'s workers' forkserver before anything else is imported: the
forkserver loads the parser (~0.35 s) while this process imports the command line (typer,
~0.2 s) and walks the input tree, instead of after it (issue 17). Then it runs ``cli.main``.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line (``cli.main``), the batch's forkserver started first."""
    if sys.argv[1:2] == ["batch"] and "--help" not in sys.argv:
        from .batch.start import prestart

        prestart()
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
