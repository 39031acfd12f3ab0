"""The version of reportparse (one place: the package, the CLI and the HTML pages read it)."""

__version__ = "0.1.0"
