"""Imported once by the forkserver that starts batch workers (``batch._PRELOAD``): it loads the
parser, PDFium and pythainlp's dictionary, so every worker forked from it starts warm."""

from .batch import warm_up

warm_up()
