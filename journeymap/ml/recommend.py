"""Item-item recommendations from co-purchase and co-view, with a holdout test.

Interactions: one row per (customer, product) with ``has_purchased`` and
``has_viewed`` flags. Each customer's vector has ``purchase_weight`` for a
purchased product plus ``view_weight`` for a viewed one.

Similarity: cosine between product columns of the customer x product matrix
(``scipy.sparse``), computed block by block of products and pruned to each
product's ``neighbours`` most similar products, so memory stays
O(products x neighbours) -- 100,000 products fit easily.

Scores: customer vector x pruned similarity; products the customer already
bought are excluded; the top N by score (ties: product_id ascending). When a
customer has fewer than N scored products the list is filled from the
popularity ranking (``source = 'popularity'``).

Evaluation: interactions strictly before ``split_date = as_of - holdout_days``
train the model; the truth is the products each customer bought in
``[split_date, as_of)`` and had not bought before. Among customers with such a
purchase and at least one training interaction: hit rate@k (share with at
least one truth product in their top k), precision@k, recall@k and catalogue
coverage (distinct recommended products / catalogue size), for the
recommender, item-item alone, and a popularity baseline.

Not enough data (no as-of date, no customer with an interaction, no customer
to evaluate in the holdout, e.g. a CRM-only load): :func:`recommend_current`
and :func:`evaluate_holdout` raise
:class:`~journeymap.ml.frames.InsufficientData`; the dbt models then write
:func:`empty_recommendations` / :func:`empty_evaluation` (no rows, same
columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import scipy.sparse as sp

from journeymap.ml.frames import TEXT, InsufficientData, empty_frame, require_date

#: product_recommendations: the columns of :func:`recommend_current`
RECOMMENDATIONS_DTYPES: dict[str, str] = {
    "customer_id": TEXT,
    "recommendation_rank": "int64",
    "product_id": TEXT,
    "score": "float64",
    "source": TEXT,
    "generated_as_of_date": TEXT,
}

#: recommendation_evaluation: :func:`evaluate_holdout` columns plus the model's as_of_date
EVALUATION_TABLE_DTYPES: dict[str, str] = {
    "model_name": TEXT,
    "metric_name": TEXT,
    "metric_value": "float64",
    "k": "int64",
    "n_customers_evaluated": "int64",
    "n_products": "int64",
    "split_date": TEXT,
    "holdout_days": "int64",
    "is_baseline": "bool",
    "as_of_date": TEXT,
}


def empty_recommendations() -> pd.DataFrame:
    """product_recommendations with no rows (no customer with an interaction)."""
    return empty_frame(RECOMMENDATIONS_DTYPES)


def empty_evaluation() -> pd.DataFrame:
    """recommendation_evaluation with no rows (no customer to evaluate)."""
    return empty_frame(EVALUATION_TABLE_DTYPES)


@dataclass(frozen=True)
class RecommendConfig:
    top_n: int = 10
    eval_k: int = 10
    neighbours: int = 50
    purchase_weight: float = 1.0
    view_weight: float = 0.3
    holdout_days: int = 30
    block_size: int = 2048
    fill_with_popularity: bool = True


@dataclass(frozen=True)
class Interactions:
    """Sparse customer x product matrix with its row and column labels (sorted)."""

    customers: np.ndarray
    products: np.ndarray
    weights: sp.csr_matrix  # purchase_weight * purchased + view_weight * viewed
    purchased: sp.csr_matrix  # 1 where bought


def build_interactions(
    pairs: pd.DataFrame,
    config: RecommendConfig,
    products: Sequence[str] | None = None,
) -> Interactions:
    """Matrix from (customer_id, product_id, has_purchased, has_viewed) rows.

    ``products`` fixes the column set (e.g. the catalogue); pairs with other
    products are dropped. Rows and columns are sorted by id.
    """
    p = pairs[["customer_id", "product_id"]].astype(str)
    bought = pairs["has_purchased"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    viewed = pairs["has_viewed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    prod_index = (
        np.unique(np.asarray(products, dtype=str))
        if products is not None
        else np.unique(p["product_id"].to_numpy(dtype=str))
    )
    cust_index = np.unique(p["customer_id"].to_numpy(dtype=str))
    col = np.searchsorted(prod_index, p["product_id"].to_numpy(dtype=str))
    col = np.clip(col, 0, max(len(prod_index) - 1, 0))
    keep = (
        (len(prod_index) > 0) & (prod_index[col] == p["product_id"].to_numpy(dtype=str))
        if len(prod_index)
        else np.zeros(len(p), bool)
    )
    row = np.searchsorted(cust_index, p["customer_id"].to_numpy(dtype=str))
    row, col, bought, viewed = row[keep], col[keep], bought[keep], viewed[keep]
    shape = (len(cust_index), len(prod_index))
    # duplicates (same pair twice) collapse with max, through a binary matrix per signal
    b = sp.csr_matrix((np.ones(bought.sum()), (row[bought], col[bought])), shape=shape)
    v = sp.csr_matrix((np.ones(viewed.sum()), (row[viewed], col[viewed])), shape=shape)
    b.data[:] = 1.0
    v.data[:] = 1.0
    weights = (config.purchase_weight * b + config.view_weight * v).tocsr()
    weights.eliminate_zeros()
    weights.sort_indices()
    b.sort_indices()
    return Interactions(customers=cust_index, products=prod_index, weights=weights, purchased=b)


def _top_per_row(mat: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's k largest entries (ties: lower column first)."""
    mat = mat.tocoo()
    if mat.nnz == 0:
        return sp.csr_matrix(mat.shape)
    order = np.lexsort((mat.col, -mat.data, mat.row))
    r, c, d = mat.row[order], mat.col[order], mat.data[order]
    starts = np.r_[0, np.flatnonzero(np.diff(r)) + 1]
    counts = np.diff(np.r_[starts, len(r)])
    pos = np.arange(len(r)) - np.repeat(starts, counts)
    keep = pos < k
    return sp.csr_matrix((d[keep], (r[keep], c[keep])), shape=mat.shape)


def item_similarity(
    weights: sp.csr_matrix, neighbours: int, block_size: int = 2048
) -> sp.csr_matrix:
    """Cosine product x product similarity, diagonal removed, top ``neighbours`` per row."""
    x = weights.tocsc().astype("float64")
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=0)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    xn = (x @ sp.diags(inv)).tocsc()
    xt = xn.T.tocsr()
    n_items = x.shape[1]
    blocks = []
    for start in range(0, n_items, block_size):
        stop = min(start + block_size, n_items)
        block = (xt[start:stop] @ xn).tocoo()
        mask = block.row + start != block.col
        block = sp.coo_matrix(
            (block.data[mask], (block.row[mask], block.col[mask])), shape=block.shape
        )
        blocks.append(_top_per_row(block.tocsr(), neighbours))
    if not blocks:
        return sp.csr_matrix((0, 0))
    sim = sp.vstack(blocks).tocsr()
    sim.sort_indices()
    return sim


def popularity(purchased: sp.csr_matrix) -> np.ndarray:
    """Column indices by number of buyers (desc), ties by column (= product_id asc)."""
    buyers = np.asarray((purchased > 0).sum(axis=0)).ravel()
    return np.lexsort((np.arange(len(buyers)), -buyers))


def top_n(
    scores: sp.csr_matrix,
    exclude: sp.csr_matrix,
    n: int,
    fill_order: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row the top n scored columns not in ``exclude``, then fill from ``fill_order``.

    Returns parallel arrays (row, rank 1..n, column, score) ordered by row, rank;
    filled entries have score NaN.
    """
    scores = scores.tocsr().copy()
    scores.data[scores.data <= 0] = 0.0
    if exclude.nnz:
        scores = scores - scores.multiply(exclude > 0)
    scores.eliminate_zeros()
    best = _top_per_row(scores, n).tocoo()
    order = np.lexsort((best.col, -best.data, best.row))
    rows, cols, vals = (
        best.row[order].astype(np.int64),
        best.col[order].astype(np.int64),
        best.data[order],
    )
    n_rows = scores.shape[0]
    counts = np.bincount(rows, minlength=n_rows)
    out_r, out_c, out_s = [rows], [cols], [vals]
    if fill_order is not None and len(fill_order):
        need = np.flatnonzero(counts < n)
        excl = exclude.tocsr()
        starts = np.r_[0, np.cumsum(counts)]
        for r in need:
            taken = set(cols[starts[r] : starts[r + 1]].tolist())
            taken.update(excl.indices[excl.indptr[r] : excl.indptr[r + 1]].tolist())
            add = []
            for c in fill_order:
                if c not in taken:
                    add.append(c)
                    if len(add) + counts[r] >= n:
                        break
            out_r.append(np.full(len(add), r, dtype=np.int64))
            out_c.append(np.asarray(add, dtype=np.int64))
            out_s.append(np.full(len(add), np.nan))
    r_all = np.concatenate(out_r)
    c_all = np.concatenate(out_c)
    s_all = np.concatenate(out_s)
    # scored entries first (in their order), then fills in popularity order
    seq = np.arange(len(r_all))
    final = np.lexsort((seq, r_all))
    r_all, c_all, s_all = r_all[final], c_all[final], s_all[final]
    starts = (
        np.r_[0, np.flatnonzero(np.diff(r_all)) + 1] if len(r_all) else np.array([], dtype=np.int64)
    )
    rank = np.arange(len(r_all)) - np.repeat(starts, np.diff(np.r_[starts, len(r_all)])) + 1
    return r_all, rank, c_all, s_all


def recommend(
    inter: Interactions,
    config: RecommendConfig,
    n: int | None = None,
    use_similarity: bool = True,
    fill: bool | None = None,
) -> pd.DataFrame:
    """Top-N recommendations per customer in ``inter`` (one row per customer, rank)."""
    n = n or config.top_n
    fill = config.fill_with_popularity if fill is None else fill
    if use_similarity:
        sim = item_similarity(inter.weights, config.neighbours, config.block_size)
        scores = inter.weights @ sim
    else:
        scores = sp.csr_matrix(inter.weights.shape)
    fill_order = popularity(inter.purchased) if fill else None
    r, rank, c, s = top_n(scores, inter.purchased, n, fill_order)
    return pd.DataFrame(
        {
            "customer_id": inter.customers[r] if len(r) else np.array([], dtype=str),
            "recommendation_rank": rank.astype(np.int64),
            "product_id": inter.products[c] if len(c) else np.array([], dtype=str),
            "score": s.astype("float64"),
            "source": np.where(np.isnan(s), "popularity", "item_similarity"),
        }
    )


def split_pairs(events: pd.DataFrame, split_date: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(train pairs before split_date, holdout purchases on/after it).

    ``events``: customer_id, product_id, interaction_type ('purchase'/'view'),
    interaction_date (date). Train pairs have has_purchased / has_viewed.
    """
    d = pd.to_datetime(events["interaction_date"])
    cut = pd.Timestamp(split_date)
    before = events[(d < cut).to_numpy()]
    after = events[((d >= cut) & (events["interaction_type"] == "purchase")).to_numpy()]
    return to_pairs(before), after[["customer_id", "product_id"]].astype(str).drop_duplicates()


def to_pairs(events: pd.DataFrame) -> pd.DataFrame:
    """(customer, product) pairs with has_purchased / has_viewed from typed events."""
    e = events.assign(
        customer_id=events["customer_id"].astype(str),
        product_id=events["product_id"].astype(str),
        has_purchased=(events["interaction_type"] == "purchase"),
        has_viewed=(events["interaction_type"] == "view"),
    )
    return (
        e.groupby(["customer_id", "product_id"], sort=True)[["has_purchased", "has_viewed"]]
        .max()
        .reset_index()
    )


def evaluate_holdout(
    events: pd.DataFrame,
    as_of_date: date,
    config: RecommendConfig,
    catalogue: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Metrics for the recommender, item-item alone and popularity (one row per model, metric).

    :class:`InsufficientData` when there is no as-of date or no customer to
    evaluate (none bought a new product in the holdout after interacting
    before it).
    """
    require_date(as_of_date)
    split = as_of_date - timedelta(days=config.holdout_days)
    train_pairs, holdout = split_pairs(events, split)
    products = (
        catalogue
        if catalogue is not None and len(catalogue)
        else np.unique(events["product_id"].astype(str))
    )
    inter = build_interactions(train_pairs, config, products=products)
    bought_before = set(
        zip(
            train_pairs.loc[train_pairs["has_purchased"].astype(bool), "customer_id"],
            train_pairs.loc[train_pairs["has_purchased"].astype(bool), "product_id"],
            strict=True,
        )
    )
    is_new = np.array(
        [
            (c, p) not in bought_before
            for c, p in zip(holdout["customer_id"], holdout["product_id"], strict=True)
        ],
        dtype=bool,
    )
    truth = holdout[is_new]
    truth = truth[truth["customer_id"].isin(set(inter.customers))]
    eval_customers = np.unique(truth["customer_id"].to_numpy(dtype=str))
    if len(eval_customers) == 0:
        raise InsufficientData(
            f"no customer to evaluate: none bought a new product in [{split}, {as_of_date}) "
            "after an interaction before it"
        )
    k = config.eval_k
    variants = {
        "item_item_with_popularity_fill": dict(use_similarity=True, fill=True),
        "item_item_only": dict(use_similarity=True, fill=False),
        "baseline_popularity": dict(use_similarity=False, fill=True),
    }
    truth_set = set(zip(truth["customer_id"], truth["product_id"], strict=True))
    truth_count = truth.groupby("customer_id").size()
    rows = []
    n_catalogue = len(inter.products)
    for name, kw in variants.items():
        recs = recommend(inter, config, n=k, **kw)
        recs = recs[recs["customer_id"].isin(set(eval_customers))]
        hit = np.array(
            [
                (c, p) in truth_set
                for c, p in zip(recs["customer_id"], recs["product_id"], strict=True)
            ],
            dtype=bool,
        )
        hits_per = pd.Series(hit, index=recs["customer_id"].to_numpy()).groupby(level=0).sum()
        hits_per = hits_per.reindex(eval_customers, fill_value=0)
        n_eval = len(eval_customers)
        metrics = {
            "hit_rate_at_k": float((hits_per > 0).mean()) if n_eval else np.nan,
            "precision_at_k": float((hits_per / k).mean()) if n_eval else np.nan,
            "recall_at_k": float((hits_per / truth_count.reindex(eval_customers)).mean())
            if n_eval
            else np.nan,
            "catalogue_coverage": float(recs["product_id"].nunique() / n_catalogue)
            if n_catalogue
            else np.nan,
            "avg_list_length": float(len(recs) / n_eval) if n_eval else np.nan,
        }
        for metric, value in metrics.items():
            rows.append({"model_name": name, "metric_name": metric, "metric_value": value})
    out = pd.DataFrame(rows)
    out["k"] = k
    out["n_customers_evaluated"] = len(eval_customers)
    out["n_products"] = n_catalogue
    out["split_date"] = split.isoformat()
    out["holdout_days"] = config.holdout_days
    out["is_baseline"] = out["model_name"].str.startswith("baseline_")
    return out.sort_values(["model_name", "metric_name"], kind="mergesort").reset_index(drop=True)


def interaction_events(purchases: pd.DataFrame, views: pd.DataFrame) -> pd.DataFrame:
    """Typed events from purchase rows and view rows.

    ``purchases``: customer_id, product_id, order_date; ``views``: customer_id,
    product_id, event_date. Rows missing an id or a date are dropped. Result:
    customer_id, product_id, interaction_type ('purchase'/'view'),
    interaction_date, de-duplicated and ordered.
    """
    parts = []
    for frame, date_col, kind in (
        (purchases, "order_date", "purchase"),
        (views, "event_date", "view"),
    ):
        parts.append(
            pd.DataFrame(
                {
                    "customer_id": frame["customer_id"],
                    "product_id": frame["product_id"],
                    "interaction_type": kind,
                    "interaction_date": pd.to_datetime(frame[date_col]).dt.normalize(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).dropna()
    out["customer_id"] = out["customer_id"].astype(str)
    out["product_id"] = out["product_id"].astype(str)
    return (
        out.drop_duplicates()
        .sort_values(
            ["customer_id", "product_id", "interaction_date", "interaction_type"], kind="mergesort"
        )
        .reset_index(drop=True)
    )


def recommend_current(
    events: pd.DataFrame,
    as_of_date: date,
    config: RecommendConfig,
    catalogue: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Top-N for every customer with an interaction before ``as_of_date``.

    One row per (customer_id, recommendation_rank), ordered by both.
    ``catalogue`` (e.g. dim_products ids) limits the products; when empty,
    every product seen in the events is used. :class:`InsufficientData` when
    there is no as-of date or no customer with an interaction before it.
    """
    require_date(as_of_date)
    d = pd.to_datetime(events["interaction_date"])
    pairs = to_pairs(events[(d < pd.Timestamp(as_of_date)).to_numpy()])
    products = catalogue if catalogue is not None and len(catalogue) else None
    inter = build_interactions(pairs, config, products=products)
    if len(inter.customers) == 0:
        raise InsufficientData(f"no customer with a purchase or view before {as_of_date}")
    recs = recommend(inter, config)
    recs["generated_as_of_date"] = as_of_date.isoformat()
    return recs.sort_values(["customer_id", "recommendation_rank"], kind="mergesort").reset_index(
        drop=True
    )
