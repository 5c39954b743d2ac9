"""The benchmark and the tools it shares with the tests; never imported by dbt.

- `run`: the benchmark itself (`python -m journeymap.bench`, `make bench`);
- `daycut`: which day a raw row was loaded, to cut a raw folder back to a day
  (the incremental tests) or hold back its last day (the benchmark);
- `splink`: the Splink baseline, run in `.venv-bench`;
- `clustering`: the clustering step alone at scale;
- `checksums`: per-table checksums of a warehouse, to show two builds equal.
"""
