"""Recommendations (journeymap.ml.recommend): similarity, top-N, holdout evaluation."""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from journeymap.ml.recommend import (  # noqa: E402
    RecommendConfig,
    build_interactions,
    evaluate_holdout,
    item_similarity,
    recommend,
)

CONFIG = RecommendConfig(top_n=3, eval_k=3, neighbours=10, holdout_days=30)


def _pairs(rows):
    return pd.DataFrame(rows, columns=["customer_id", "product_id", "has_purchased", "has_viewed"])


def test_co_purchase_drives_recommendations_and_bought_items_are_excluded():
    pairs = _pairs(
        [
            ("u1", "A", True, False),
            ("u1", "B", True, False),
            ("u2", "A", True, False),
            ("u2", "B", True, False),
            ("u3", "C", True, False),
            ("u3", "D", True, True),
            ("u4", "A", True, False),  # should get B first
            ("u5", "C", False, True),  # viewed only: D is co-viewed/bought with C
        ]
    )
    inter = build_interactions(pairs, CONFIG)
    recs = recommend(inter, CONFIG)
    u4 = recs[recs["customer_id"] == "u4"]
    assert u4["product_id"].iloc[0] == "B" and u4["source"].iloc[0] == "item_similarity"
    assert "A" not in set(u4["product_id"])
    assert list(u4["recommendation_rank"]) == [1, 2, 3]
    # filled from popularity (A, B bought by most), never repeating a product
    assert u4["product_id"].is_unique and set(u4["source"].iloc[1:]) == {"popularity"}
    u5 = recs[recs["customer_id"] == "u5"]
    assert u5["product_id"].iloc[0] == "D"
    # the viewed-but-not-bought product may be recommended; bought ones never
    bought = pairs[pairs["has_purchased"]]
    merged = recs.merge(bought, on=["customer_id", "product_id"])
    assert merged.empty
    assert recs.equals(
        recs.sort_values(["customer_id", "recommendation_rank"]).reset_index(drop=True)
    )


def test_similarity_is_cosine_pruned_and_symmetric_before_pruning():
    x = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]], dtype=float))
    sim = item_similarity(x, neighbours=5, block_size=2).toarray()
    assert np.allclose(np.diag(sim), 0)
    assert np.allclose(sim, sim.T)
    assert np.isclose(sim[0, 1], 2 / np.sqrt(2 * 3))
    top1 = item_similarity(x, neighbours=1, block_size=1)
    assert (np.diff(top1.indptr) <= 1).all()


def test_sparse_similarity_scales_to_100k_products():
    rng = np.random.default_rng(0)
    n_users, n_items, per_user = 20_000, 100_000, 8
    rows = np.repeat(np.arange(n_users), per_user)
    cols = rng.zipf(1.3, size=n_users * per_user) % n_items
    x = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_users, n_items))
    x.data[:] = 1.0
    t0 = time.perf_counter()
    sim = item_similarity(x, neighbours=20, block_size=4096)
    assert sim.shape == (n_items, n_items)
    assert (np.diff(sim.indptr) <= 20).all()
    assert time.perf_counter() - t0 < 30


def _events(seed: int = 0) -> pd.DataFrame:
    """Products come in pairs (p2k, p2k+1): buying one predicts buying the other later;
    a few products are popular with everyone."""
    rng = np.random.default_rng(seed)
    as_of = date(2026, 7, 1)
    rows = []
    for u in range(300):
        cid = f"u{u:03d}"
        pair = int(rng.integers(0, 20))
        first, second = f"p{2 * pair:02d}", f"p{2 * pair + 1:02d}"
        rows.append((cid, first, "purchase", as_of - timedelta(days=int(rng.integers(40, 120)))))
        rows.append((cid, second, "view", as_of - timedelta(days=int(rng.integers(31, 39)))))
        if rng.random() < 0.6:
            rows.append((cid, second, "purchase", as_of - timedelta(days=int(rng.integers(1, 30)))))
        else:  # seen in training too, for co-purchase signal
            rows.append(
                (cid, second, "purchase", as_of - timedelta(days=int(rng.integers(40, 120))))
            )
        popular = f"pop{int(rng.integers(0, 3))}"
        rows.append((cid, popular, "purchase", as_of - timedelta(days=int(rng.integers(31, 120)))))
    return pd.DataFrame(
        rows, columns=["customer_id", "product_id", "interaction_type", "interaction_date"]
    )


def test_holdout_item_item_beats_popularity_and_is_deterministic():
    events = _events()
    config = RecommendConfig(top_n=10, eval_k=10, neighbours=20, holdout_days=30)
    ev = evaluate_holdout(events, date(2026, 7, 1), config)
    ev2 = evaluate_holdout(events.sample(frac=1.0, random_state=4), date(2026, 7, 1), config)
    pd.testing.assert_frame_equal(ev, ev2)
    hr = ev[ev["metric_name"] == "hit_rate_at_k"].set_index("model_name")["metric_value"]
    assert hr["item_item_with_popularity_fill"] > hr["baseline_popularity"]
    assert hr["item_item_with_popularity_fill"] > 0.9
    cov = ev[ev["metric_name"] == "catalogue_coverage"].set_index("model_name")["metric_value"]
    assert cov["item_item_only"] > cov["baseline_popularity"]
    assert not ev.duplicated(["model_name", "metric_name"]).any()
