"""The synthetic data generator: every table of the raw contract, plus ground truth.

`python -m journeymap.generator --help`; the library entry point is `generate`.
Not imported by dbt: a deployment of the models does not need it.
"""

from journeymap.generator.core import (
    CONTRACT,
    DEFAULT_END,
    DEFAULT_START,
    FOLDER_TABLES,
    GENERATOR,
    MANIFEST,
    TRUTH,
    TRUTH_COLUMNS,
    GenerateError,
    generate,
    main,
    schema_of,
)

__all__ = [
    "CONTRACT",
    "DEFAULT_END",
    "DEFAULT_START",
    "FOLDER_TABLES",
    "GENERATOR",
    "MANIFEST",
    "TRUTH",
    "TRUTH_COLUMNS",
    "GenerateError",
    "generate",
    "main",
    "schema_of",
]
