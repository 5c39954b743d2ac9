"""journeymap's Python package, split by concern like the SQL tree by layer.

What dbt imports at run time sits at the top: `ml` (the Python models'
functions) and `spark_raw` (the Spark target's raw tables). The rest is
tooling that a deployment of the models does not need: `generator` (the
synthetic raw data), `bench` (benchmark, day cut, checksums), `summary` (the
build summary) and `evaluate` (identity against the generator's truth). The
dashboard's queries live with the dashboard (`dashboard/data.py`).
"""
