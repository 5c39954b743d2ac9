"""Recommendations (journeymap.ml.recommend): similarity, top-N, holdout evaluation."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from journeymap.ml.recommend import (
    SELECTED_MODEL,
    RecommendConfig,
    blend_scores,
    build_interactions,
    evaluate_holdout,
    item_item_scores,
    item_similarity,
    parse_weights,
    popularity_term,
    recommend,
    recommend_current,
    select_popularity_weight,
    served_popularity_weight,
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
    # with real co-purchase signal the validation window picks a small popularity weight
    # and the served blend keeps the item-item gain
    assert hr[SELECTED_MODEL] > hr["baseline_popularity"]
    assert ev.loc[ev["is_selected_model"], "model_name"].unique().tolist() == [SELECTED_MODEL]
    weight = served_popularity_weight(ev, default=99.0)
    assert weight in config.popularity_weights and weight < 99.0
    cov = ev[ev["metric_name"] == "catalogue_coverage"].set_index("model_name")["metric_value"]
    assert cov["item_item_only"] > cov["baseline_popularity"]
    assert not ev.duplicated(["model_name", "metric_name"]).any()


# --------------------------------------------------------------------------- blend


def test_blend_moves_from_item_item_to_popularity_with_the_weight():
    # 3 customers x 5 products; c0 bought p0, its item-item scores favour p4 (unpopular)
    purchased = sp.csr_matrix(
        np.array([[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 1, 1, 0, 0]], dtype=float)
    )
    item = sp.csr_matrix(np.array([[0, 0, 0, 0, 4.0], [0, 0, 0, 0, 0], [0, 0, 0, 2.0, 1.0]]))
    counts = np.array([5.0, 4.0, 3.0, 1.0, 0.0])
    term = popularity_term(counts)
    assert term[0] == 1.0 and term[-1] == 0.0 and np.all(np.diff(term) < 0)
    low = blend_scores(item, term, purchased, n=2, popularity_weight=0.0).toarray()
    high = blend_scores(item, term, purchased, n=2, popularity_weight=100.0).toarray()
    # item-item part scaled to [0, 1] per customer
    assert low[0, 4] == 1.0 and low[2, 3] == 1.0 and low[2, 4] == 0.5
    # candidates: item-item ones + the n + bought most popular; sparse, nothing else
    assert set(np.flatnonzero(high[0])) == {0, 1, 2, 4}  # p4 (item) + top 3 (2 + 1 bought)
    assert set(np.flatnonzero(high[1])) == {0, 1, 2, 3}  # top 4 (2 + 2 bought)
    inter_cols = ["p0", "p1", "p2", "p3", "p4"]
    pairs = _pairs(
        [(f"c{r}", inter_cols[c], True, False) for r, c in zip(*purchased.nonzero(), strict=True)]
    )
    inter = build_interactions(pairs, CONFIG, products=inter_cols)
    recs0 = recommend(inter, CONFIG, n=2, item_scores=item, popularity_weight=0.0)
    recs_hi = recommend(inter, CONFIG, n=2, item_scores=item, popularity_weight=100.0)
    first = lambda r, c: r[r["customer_id"] == c]["product_id"].tolist()  # noqa: E731
    assert first(recs0, "c0")[0] == "p4"  # item-item wins at weight 0
    assert first(recs_hi, "c0") == ["p1", "p2"]  # popularity wins, bought p0 excluded
    assert first(recs_hi, "c1") == ["p2", "p3"]
    bought = set(zip(pairs["customer_id"], pairs["product_id"], strict=True))
    for recs in (recs0, recs_hi):
        assert not any(
            (c, p) in bought for c, p in zip(recs.customer_id, recs.product_id, strict=True)
        )
        assert recs.groupby("customer_id").size().eq(2).all()
    assert recs0.set_index(["customer_id", "product_id"]).loc[("c0", "p4"), "source"] == (
        "item_similarity"
    )
    assert recs_hi.set_index(["customer_id", "product_id"]).loc[("c1", "p2"), "source"] == (
        "popularity"
    )


def test_recommend_in_chunks_equals_all_at_once():
    rng = np.random.default_rng(3)
    n_users, n_items = 60, 25
    pairs = _pairs(
        [
            (f"u{u:02d}", f"p{p:02d}", bool(rng.random() < 0.5), bool(rng.random() < 0.7))
            for u in range(n_users)
            for p in rng.choice(n_items, rng.integers(1, 6), replace=False)
        ]
    )
    inter = build_interactions(pairs, CONFIG)
    chunked = replace(CONFIG, chunk_rows=7)
    rows = np.arange(3, n_users, 2)
    for kwargs in (
        {},
        {"popularity_weight": 0.0},
        {"popularity_weight": 3.0},
        {"use_similarity": False},
        {"rows": rows, "popularity_weight": 1.0},
    ):
        whole = recommend(inter, CONFIG, **kwargs)
        pd.testing.assert_frame_equal(recommend(inter, chunked, **kwargs), whole)
    # precomputed item scores (recommendation_evaluation's path) are sliced per chunk
    item = item_item_scores(inter, CONFIG, rows)
    pd.testing.assert_frame_equal(
        recommend(inter, chunked, rows=rows, item_scores=item, popularity_weight=1.0),
        recommend(inter, CONFIG, rows=rows, item_scores=item, popularity_weight=1.0),
    )


def test_blend_ties_are_broken_by_product_id():
    purchased = sp.csr_matrix((2, 4))
    item = sp.csr_matrix((2, 4))
    term = np.array([0.5, 0.5, 0.5, 0.5])  # all equal
    pairs = _pairs([("a", "p0", False, True), ("b", "p1", False, True)])
    inter = build_interactions(pairs, CONFIG, products=["p3", "p1", "p0", "p2"])
    assert blend_scores(item, term, purchased, 2, 1.0).nnz == 4
    recs = recommend(inter, CONFIG, n=3, item_scores=item, popularity_weight=1.0)
    assert recs[recs["customer_id"] == "a"]["product_id"].tolist() == ["p0", "p1", "p2"]


def test_blend_stays_sparse_at_100k_products():
    rng = np.random.default_rng(1)
    n_users, n_items = 20_000, 100_000

    def sparse(per_row):
        rows = np.repeat(np.arange(n_users), per_row)
        cols = rng.integers(0, n_items, rows.size)
        m = sp.csr_matrix((rng.random(rows.size) + 0.1, (rows, cols)), shape=(n_users, n_items))
        m.sum_duplicates()
        return m

    item = sparse(20)
    bought = sparse(5)
    bought.data[:] = 1.0
    term = popularity_term(rng.poisson(3, n_items).astype(float))
    t0 = time.perf_counter()
    out = blend_scores(item, term, bought, n=10, popularity_weight=3.0)
    assert time.perf_counter() - t0 < 30
    assert out.nnz <= item.nnz + n_users * 10 + bought.nnz


def test_blend_recommendations_are_deterministic_and_exclude_bought():
    events = _events(3)
    as_of = date(2026, 7, 1)
    a = recommend_current(events, as_of, CONFIG, popularity_weight=1.0)
    b = recommend_current(
        events.sample(frac=1.0, random_state=7), as_of, CONFIG, popularity_weight=1.0
    )
    pd.testing.assert_frame_equal(a, b)
    bought = events[events["interaction_type"] == "purchase"]
    assert a.merge(bought, on=["customer_id", "product_id"]).empty
    assert not a.duplicated(["customer_id", "product_id"]).any()


def test_weight_is_tuned_on_the_validation_window_only():
    """Changing or dropping everything on/after the split leaves the choice unchanged."""
    events = _events(5)
    as_of = date(2026, 7, 1)
    config = RecommendConfig(top_n=10, eval_k=10, neighbours=20, holdout_days=30)
    split = as_of - timedelta(days=30)
    w, val = select_popularity_weight(events, split, config)
    d = pd.to_datetime(events["interaction_date"])
    before = events[(d < pd.Timestamp(split)).to_numpy()]
    after = events[(d >= pd.Timestamp(split)).to_numpy()].copy()
    after["product_id"] = "pop0"  # a different holdout: everyone buys pop0
    for other in (before, pd.concat([before, after], ignore_index=True)):
        w2, val2 = select_popularity_weight(other, split, config)
        assert w2 == w and val2 == val
    ev = evaluate_holdout(events, as_of, config)
    rows = ev.set_index(["model_name", "metric_name"])["metric_value"]
    assert rows[(SELECTED_MODEL, "popularity_weight")] == w
    assert (
        rows[(SELECTED_MODEL, "validation_hit_rate_at_k")] == val[SELECTED_MODEL]["hit_rate_at_k"]
    )
    assert val[SELECTED_MODEL] == val[f"blend_w={w:g}"]
    # the choice maximises validation hit rate (ties: smaller weight)
    best = max(val[f"blend_w={g:g}"]["hit_rate_at_k"] for g in config.popularity_weights)
    assert val[SELECTED_MODEL]["hit_rate_at_k"] == best


def test_served_weight_and_weight_grid_parsing():
    assert parse_weights([0, 1, "3"]) == (0.0, 1.0, 3.0)
    assert parse_weights("[0, 0.3, 1]") == (0.0, 0.3, 1.0)
    assert served_popularity_weight(pd.DataFrame(), default=10.0) == 10.0
    ev = pd.DataFrame(
        {
            "model_name": [SELECTED_MODEL, SELECTED_MODEL],
            "metric_name": ["hit_rate_at_k", "popularity_weight"],
            "metric_value": [0.4, 3.0],
        }
    )
    assert served_popularity_weight(ev, default=10.0) == 3.0


def test_top_per_row_keeps_the_k_largest_ties_by_lower_column():
    from journeymap.ml.recommend import _top_per_row

    rng = np.random.default_rng(4)
    dense = np.round(rng.random((40, 30)), 1) * (rng.random((40, 30)) < 0.5)
    # duplicates summed and unsorted indices, as a matrix product can leave them
    coo = sp.coo_matrix(dense)
    dup = sp.coo_matrix(
        (np.r_[coo.data, np.zeros(3)], (np.r_[coo.row, [0, 1, 2]], np.r_[coo.col, [0, 0, 0]])),
        shape=dense.shape,
    )
    perm = rng.permutation(30)
    shuffled = dup.tocsr()[:, perm][:, np.argsort(perm)]
    shuffled.has_sorted_indices = False
    got = _top_per_row(shuffled, 4)
    got.eliminate_zeros()
    for i in range(dense.shape[0]):
        nz = np.flatnonzero(dense[i])
        want = sorted(nz, key=lambda j: (-dense[i, j], j))[:4]
        row = got.getrow(i)
        assert sorted(row.indices.tolist()) == sorted(want), i
        np.testing.assert_array_equal(row.toarray().ravel()[want], dense[i, want])


@pytest.mark.parametrize("seed", range(6))
def test_top_per_row_matches_a_full_sort_on_rows_of_every_length(seed):
    """Selection by partition equals sorting each row by (-value, column):
    rows shorter than k, empty rows (also the last ones), many ties on the
    k-th value, and negative scores."""
    from journeymap.ml.recommend import _top_per_row

    rng = np.random.default_rng(seed)
    n_rows, n_cols = int(rng.integers(5, 70)), int(rng.integers(1, 90))
    dense = np.round(rng.random((n_rows, n_cols)) * 3, int(rng.integers(0, 2)))
    dense *= rng.random((n_rows, n_cols)) < rng.random()
    dense[-2:] = 0
    if seed % 2:
        dense = -dense
    k = int(rng.integers(1, 12))
    got = _top_per_row(sp.csr_matrix(dense), k)
    for i in range(n_rows):
        nz = np.flatnonzero(dense[i])
        want = sorted(nz, key=lambda j: (-dense[i, j], j))[:k]
        row = got.getrow(i)
        assert sorted(row.indices.tolist()) == sorted(want), i
        np.testing.assert_array_equal(row.toarray().ravel()[want], dense[i, want])
