"""Spark's Jaro-Winkler and phonetic key equal DuckDB's on the same strings.

Skipped unless JOURNEYMAP_TEST_SPARK=1 (`make test-spark` sets it). Both
engines run the macros as models use them (compiled by dbt for each target,
similarity_engines.py) over a few hundred random and tricky pairs: empty
strings, single characters, case, repeated letters, transpositions, strings
far apart in length, non-ASCII letters (DuckDB compares UTF-8 bytes) and
NULLs. Jaro-Winkler must agree to 1e-9, the phonetic keys exactly.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("JOURNEYMAP_TEST_SPARK") != "1",
    reason="Spark similarity parity runs with JOURNEYMAP_TEST_SPARK=1 (make test-spark)",
)

PROJECT = Path(__file__).resolve().parents[3]
HELPER = Path(__file__).with_name("similarity_engines.py")
TRICKY = [
    ("", ""),
    ("a", ""),
    ("", "a"),
    ("a", "a"),
    ("a", "b"),
    ("a", "A"),
    ("ab", "ba"),
    ("ab", "a"),
    ("a", "ab"),
    ("0", "00"),
    ("abc", "cba"),
    ("abc", "ABC"),
    ("martha", "marhta"),
    ("dixon", "dicksonx"),
    ("dwayne", "duane"),
    ("crate", "trace"),
    ("jones", "johnson"),
    ("smith", "smyth"),
    ("aaaa", "aa"),
    ("abababab", "babababa"),
    ("abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba"),
    ("a" * 40, "a" * 39 + "b"),
    ("é", "e"),
    ("éa", "ea"),
    ("josé", "jose"),
    ("müller", "mueller"),
    ("straße", "strasse"),
    ("12 main street", "12 main st"),
    ("hwang", "hoang"),
    ("ashcraft", "ashcroft"),
    (None, "a"),
    ("a", None),
    (None, None),
]


def _pairs(count: int = 400) -> list:
    rng = random.Random(20240611)
    alphabet = "aabcdeeilmnorstuy"
    pairs = list(TRICKY)
    for _ in range(count):
        left = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        if left and rng.random() < 0.7:  # a typo'd copy: near-duplicates dominate real candidates
            chars = list(left)
            for _ in range(rng.randint(0, 3)):
                edit = rng.randrange(4)
                if edit == 0 and chars:
                    chars.pop(rng.randrange(len(chars)))
                elif edit == 1:
                    chars.insert(rng.randint(0, len(chars)), rng.choice(alphabet))
                elif edit == 2 and len(chars) > 1:
                    k = rng.randrange(len(chars) - 1)
                    chars[k], chars[k + 1] = chars[k + 1], chars[k]
                elif chars:
                    chars[rng.randrange(len(chars))] = rng.choice(alphabet)
            right = "".join(chars)
        else:
            right = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        pairs.append((left, right) if rng.random() < 0.5 else (right, left))
    for _ in range(40):  # mixed case, spaces, multi-byte letters, longer strings
        pairs.append(
            tuple(
                "".join(rng.choice("abAB é") for _ in range(rng.randint(1, 30))) for _ in range(2)
            )
        )
    return pairs


def _run(target: str, python: Path, pairs_file: Path, out: Path, log: Path) -> list:
    with log.open("w") as handle:
        done = subprocess.run(
            [str(python), str(HELPER), "--target", target, str(pairs_file), str(out)],
            cwd=PROJECT,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    if done.returncode != 0:
        pytest.fail(
            f"{target} side failed ({log}):\n" + "\n".join(log.read_text().splitlines()[-30:])
        )
    return json.loads(out.read_text())


def test_similarity_spark_equals_duckdb(tmp_path):
    spark_python = PROJECT / ".venv-spark" / "bin" / "python"
    if not spark_python.exists():
        pytest.fail("no .venv-spark: run `make test-spark` (it creates it)")
    pairs = _pairs()
    pairs_file = tmp_path / "pairs.json"
    pairs_file.write_text(json.dumps(pairs))
    duck = _run(
        "duckdb",
        Path(sys.executable),
        pairs_file,
        tmp_path / "duckdb.json",
        tmp_path / "duckdb.log",
    )
    spark = _run("spark", spark_python, pairs_file, tmp_path / "spark.json", tmp_path / "spark.log")
    assert len(duck) == len(spark) == len(pairs)

    differences = []
    for (left, right), d, s in zip(pairs, duck, spark, strict=True):
        d_jw, s_jw = d["jaro_winkler"], s["jaro_winkler"]
        if (d_jw is None) != (s_jw is None) or (d_jw is not None and abs(d_jw - s_jw) > 1e-9):
            differences.append(f"jaro_winkler({left!r}, {right!r}): duckdb {d_jw}, spark {s_jw}")
        for side, value in (("left", left), ("right", right)):
            key = f"phonetic_{side}"
            if d[key] != s[key]:
                differences.append(f"phonetic_key({value!r}): duckdb {d[key]!r}, spark {s[key]!r}")
    assert not differences, f"{len(differences)} of {len(pairs)} pairs differ:\n" + "\n".join(
        differences[:20]
    )
    # The pairs exercise the score's range, not just 0 and 1.
    scores = {round(d["jaro_winkler"], 3) for d in duck if d["jaro_winkler"] is not None}
    assert len(scores) > 50
