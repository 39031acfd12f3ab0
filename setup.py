"""Build of the optional C accelerator (``reportparse.extract._geometry``).

Everything else is configured in pyproject.toml. The extension is optional: where no C compiler
is found the install still succeeds and reportparse takes its pure-Python path (same output,
slower); ``reportparse.extract.pdfium.ACCELERATED`` says which one is in use.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "reportparse.extract._geometry",
            sources=["src/reportparse/extract/_geometry.c"],
            optional=True,
            extra_compile_args=["-O2"],
        )
    ]
)
