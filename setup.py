"""Build of the optional C accelerator (``reportparse._speedups``).

Everything else is configured in pyproject.toml. The extension is optional: where no C compiler
is found the install still succeeds and reportparse takes its pure-Python path (same output,
slower); ``reportparse.speedups.C`` is the module, or None where the Python path is used.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "reportparse._speedups",
            sources=["src/reportparse/_speedups.c"],
            optional=True,
            extra_compile_args=["-O2"],
        )
    ]
)
