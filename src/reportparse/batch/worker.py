"""Imported once by the forkserver that starts batch workers (``batch.start.PRELOAD``): it loads the
parser, PDFium and pythainlp's dictionary, so every worker forked from it starts warm."""

from .core import warm_up

warm_up()
