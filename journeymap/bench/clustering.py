"""Clustering benchmark on a synthetic frame (not a test; prints figures).

    python -m journeymap.bench.clustering --rows 1000000 --threads 2

Builds a customer feature frame shaped like the marts' (log-normal spend,
Poisson-ish counts, rates with missing values, a few latent groups), then
times each stage of the clustering pipeline the dbt models run: feature
preparation, the k sweep (MiniBatchKMeans above the threshold, silhouette on
a fixed-seed sample), and the final fit at the chosen k.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from journeymap.ml.clustering import ClusterConfig, chosen_k, fit_final, profile_clusters, sweep_k
from journeymap.ml.features import DEFAULT_CLUSTER_FEATURES, prepare_cluster_features


def synthetic_customers(rows: int, seed: int = 0, groups: int = 4) -> pd.DataFrame:
    """A frame with the clustering feature columns and ~10% missing rates."""
    rng = np.random.default_rng(seed)
    g = rng.integers(0, groups, rows)
    spend = np.array([40.0, 120.0, 400.0, 1500.0])[g % 4]
    freq = np.array([1.0, 2.0, 4.0, 9.0])[g % 4]
    frame = pd.DataFrame(
        {
            "customer_id": np.char.add("c", np.arange(rows).astype(str)),
            "recency_days": rng.gamma(2.0, np.array([90.0, 45.0, 20.0, 10.0])[g % 4]),
            "frequency": 1 + rng.poisson(freq - 1 + 0.01),
            "monetary": spend * rng.lognormal(0, 0.5, rows),
            "sessions": rng.poisson(freq * 3),
            "product_views": rng.poisson(freq * 8),
            "cart_abandonment_rate": rng.beta(2, 3, rows),
            "email_open_rate": rng.beta(2, 5, rows),
            "email_click_rate": rng.beta(1, 12, rows),
            "tenure_days": rng.uniform(1, 720, rows),
        }
    )
    for col in ("cart_abandonment_rate", "email_open_rate", "email_click_rate"):
        frame.loc[rng.random(rows) < 0.1, col] = np.nan
    return frame


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--k-min", type=int, default=2)
    parser.add_argument("--k-max", type=int, default=10)
    parser.add_argument("--algorithm", default="kmeans", choices=["kmeans", "gmm"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--silhouette-sample", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    frame = synthetic_customers(args.rows, seed=args.seed)
    t1 = time.perf_counter()
    prepared = prepare_cluster_features(frame, DEFAULT_CLUSTER_FEATURES)
    t2 = time.perf_counter()
    config = ClusterConfig(
        k_min=args.k_min,
        k_max=args.k_max,
        algorithm=args.algorithm,
        seed=args.seed,
        silhouette_sample_size=args.silhouette_sample,
        n_threads=args.threads,
    )
    evaluation = sweep_k(prepared.matrix, config)
    t3 = time.perf_counter()
    k = chosen_k(evaluation)
    labels, _ = fit_final(prepared.matrix, prepared.names, prepared.raw, k, config)
    profiles = profile_clusters(labels, prepared.raw, prepared.names, prepared.matrix)
    t4 = time.perf_counter()

    print(f"rows={args.rows:,} algorithm={args.algorithm} threads={args.threads}")
    print(f"  synthetic frame     {t1 - t0:8.1f} s (not part of the pipeline)")
    print(f"  prepare features    {t2 - t1:8.1f} s")
    print(f"  k sweep {args.k_min}..{args.k_max}       {t3 - t2:8.1f} s")
    print(f"  final fit + profile {t4 - t3:8.1f} s")
    print(f"  pipeline total      {t4 - t1:8.1f} s")
    cols = ["k", "silhouette_score", "davies_bouldin_score", "inertia", "is_chosen"]
    print(evaluation[cols].to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    print(
        profiles[["cluster_number", "customer_count", "avg_monetary", "cluster_label"]].to_string(
            index=False
        )
    )


if __name__ == "__main__":
    main()
