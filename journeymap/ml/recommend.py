"""Item-item recommendations from co-purchase and co-view, with a holdout test.

Interactions: one row per (customer, product) with ``has_purchased`` and
``has_viewed`` flags. Each customer's vector has ``purchase_weight`` for a
purchased product plus ``view_weight`` for a viewed one.

Similarity: cosine between product columns of the customer x product matrix
(``scipy.sparse``), computed block by block of products and pruned to each
product's ``neighbours`` most similar products, so memory stays
O(products x neighbours) -- 100,000 products fit easily.

Item-item scores: customer vector x pruned similarity. Products the customer
already bought are always excluded (the issue's rule; in the generated data
repeat purchases are rare, ~1.5% of holdout purchases, and only by chance).

Served scores (the blend): item-item scores scaled to [0, 1] per customer
(divided by the customer's best) + ``w`` x popularity term, the term being
log1p(buyers + popularity_view_weight x viewers) / log1p(max of that), in
[0, 1]. Candidates are sparse: the item-item ones plus the ``n + bought``
most popular products per customer, which is exactly enough for the top n
(:func:`blend_scores`). Top N by score, ties by product_id ascending; lists
short of N are filled from the popularity ranking (``source =
'popularity'``, score NaN). ``w = 0`` is item-item with popularity fill;
large ``w`` is popularity with item-item breaking near-ties.

Evaluation: interactions strictly before ``split_date = as_of - holdout_days``
train the model; the truth is the products each customer bought in
``[split_date, as_of)`` and had not bought before. Among customers with such a
purchase and at least one training interaction: hit rate@k (share with at
least one truth product in their top k), precision@k, recall@k and catalogue
coverage (distinct recommended products / catalogue size), for the blend,
item-item (with and without popularity fill) and a popularity baseline. The
blend weight ``w`` is chosen from ``popularity_weights`` by hit rate@k on a
validation window that ends at the split (train before ``split_date -
validation_days``, score ``[split_date - validation_days, split_date)``);
nothing on or after the split is read while choosing it.

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

from journeymap.ml.frames import DATE, TEXT, InsufficientData, as_date, empty_frame, require_date

#: product_recommendations: the columns of :func:`recommend_current`
RECOMMENDATIONS_DTYPES: dict[str, str] = {
    "customer_id": TEXT,
    "recommendation_rank": "int64",
    "product_id": TEXT,
    "score": "float64",
    "source": TEXT,
    "generated_as_of_date": DATE,
}

#: recommendation_evaluation: :func:`evaluate_holdout` columns plus the model's as_of_date
EVALUATION_TABLE_DTYPES: dict[str, str] = {
    "model_name": TEXT,
    "metric_name": TEXT,
    "metric_value": "float64",
    "k": "int64",
    "n_customers_evaluated": "int64",
    "n_products": "int64",
    "split_date": DATE,
    "holdout_days": "int64",
    "is_baseline": "bool",
    "is_selected_model": "bool",
    "as_of_date": DATE,
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
    #: blend grid: score = item-item (scaled to [0, 1] per customer) + w * popularity term
    popularity_weights: tuple[float, ...] = (0.0, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
    #: popularity term of the blend: buyers + popularity_view_weight * viewers
    popularity_view_weight: float = 0.0
    #: validation window (before the holdout) on which the blend weight is chosen
    validation_days: int = 30
    #: blend weight when the validation window has no customer to evaluate
    default_popularity_weight: float = 10.0
    #: customers scored at a time: memory holds one chunk's candidate scores
    chunk_rows: int = 50_000


def parse_weights(value: object) -> tuple[float, ...]:
    """A weight grid from a dbt var: a list, or its text form ("[0, 0.3, 1]" / "0, 0.3, 1")."""
    if isinstance(value, str):
        value = [v for v in value.strip().strip("[]").split(",") if v.strip()]
    weights = tuple(float(v) for v in value)  # type: ignore[union-attr]
    if not weights:
        raise ValueError("ml_reco_popularity_weights is empty")
    return weights


@dataclass(frozen=True)
class Interactions:
    """Sparse customer x product matrix with its row and column labels (sorted)."""

    customers: np.ndarray
    products: np.ndarray
    weights: sp.csr_matrix  # purchase_weight * purchased + view_weight * viewed
    purchased: sp.csr_matrix  # 1 where bought
    viewed: sp.csr_matrix | None = None  # 1 where viewed


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
    v.sort_indices()
    return Interactions(
        customers=cust_index, products=prod_index, weights=weights, purchased=b, viewed=v
    )


def _top_per_row(mat: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's k largest entries (ties: lower column first).

    Selection, not sorting: each row's k-th largest value is found with
    ``np.partition`` on the rows padded to a common width (rows grouped by
    length, so padding stays under twice the entries), then a row keeps its
    entries above that value and, in column order, as many equal to it as
    fit. Linear in the entries; two global stable sorts of the hundreds of
    millions of candidate scores of a large customer base took most of
    ``product_recommendations`` (1,000,000 persons: 39 s of 89 s).
    """
    mat = sp.csr_matrix(mat)
    if mat.nnz == 0 or k <= 0:
        return sp.csr_matrix(mat.shape)
    if not mat.has_canonical_format:
        mat = mat.copy()
        mat.sum_duplicates()
    counts = np.diff(mat.indptr)
    row = np.repeat(np.arange(mat.shape[0]), counts)
    long_rows = np.flatnonzero(counts > k)
    if len(long_rows) == 0:
        return mat.copy()
    # the k-th largest value of each row longer than k (-inf: keep the row whole)
    threshold = np.full(mat.shape[0], -np.inf)
    width_class = np.ceil(np.log2(counts[long_rows])).astype(np.int64)
    for cls in np.unique(width_class):
        rows = long_rows[width_class == cls]
        width = int(counts[rows].max())
        padded = np.full((len(rows), width), -np.inf)
        lengths = counts[rows]
        owner = np.repeat(np.arange(len(rows)), lengths)
        offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        source = np.repeat(mat.indptr[rows], lengths) + offset
        padded[owner, offset] = mat.data[source]
        threshold[rows] = np.partition(padded, width - k, axis=1)[:, width - k]
    cut = threshold[row]
    above = mat.data > cut
    tied = mat.data == cut
    room = k - np.bincount(row, weights=above, minlength=mat.shape[0]).astype(np.int64)
    # rank of each tied entry among its row's tied entries, in column order
    tied_before = np.r_[0, np.cumsum(tied)]
    tied_rank = tied_before[:-1] - np.repeat(tied_before[mat.indptr[:-1]], counts)
    keep = above | (tied & (tied_rank < room[row]))
    kept_per_row = np.bincount(row[keep], minlength=mat.shape[0])
    return sp.csr_matrix(
        (mat.data[keep], mat.indices[keep], np.r_[0, np.cumsum(kept_per_row)]), shape=mat.shape
    )


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


def popularity_counts(inter: Interactions, view_weight: float = 0.0) -> np.ndarray:
    """Per column: distinct buyers + ``view_weight`` x distinct viewers."""
    counts = np.asarray((inter.purchased > 0).sum(axis=0), dtype="float64").ravel()
    if view_weight and inter.viewed is not None:
        counts = (
            counts
            + view_weight * np.asarray((inter.viewed > 0).sum(axis=0), dtype="float64").ravel()
        )
    return counts


def popularity_term(counts: np.ndarray) -> np.ndarray:
    """log1p(count) / log1p(max count): 1 for the most popular column, 0 for unseen ones."""
    counts = np.asarray(counts, dtype="float64")
    top = np.log1p(counts.max()) if len(counts) else 0.0
    return np.log1p(counts) / top if top > 0 else np.zeros_like(counts)


def scale_rows(scores: sp.csr_matrix) -> sp.csr_matrix:
    """Each row divided by its largest entry (non-positive entries dropped): values in (0, 1]."""
    s = scores.tocsr().astype("float64", copy=True)
    s.data[s.data < 0] = 0.0
    s.eliminate_zeros()
    row_max = np.asarray(s.max(axis=1).todense()).ravel() if s.shape[1] else np.zeros(s.shape[0])
    inv = np.divide(1.0, row_max, out=np.zeros_like(row_max), where=row_max > 0)
    out = (sp.diags(inv) @ s).tocsr()
    out.sort_indices()
    return out


def blend_scores(
    item_scores: sp.csr_matrix,
    pop_term: np.ndarray,
    purchased: sp.csr_matrix,
    n: int,
    popularity_weight: float,
) -> sp.csr_matrix:
    """Blended score on a sparse candidate set: scaled item-item + weight x popularity term.

    Candidates per customer: the products with an item-item score, plus the
    ``n + (number bought)`` most popular ones -- enough for the exact top n
    after excluding bought products, since outside the item-item candidates
    the score is the popularity term alone. Memory stays O(customers x
    (neighbour candidates + n + bought)), never customers x products.
    """
    item = scale_rows(item_scores)
    n_rows, n_cols = item.shape
    if n_cols == 0 or n_rows == 0:
        return item
    order = np.lexsort((np.arange(n_cols), -pop_term))
    take = np.minimum(n + np.diff(purchased.tocsr().indptr), n_cols).astype(np.int64)
    rows = np.repeat(np.arange(n_rows), take)
    pos = np.arange(rows.size) - np.repeat(np.r_[0, np.cumsum(take)[:-1]], take)
    top_pop = sp.csr_matrix((np.ones(rows.size), (rows, order[pos])), shape=item.shape)
    pattern = (top_pop + item).tocsr()
    pattern.data[:] = 1.0
    out = (item + popularity_weight * (pattern @ sp.diags(pop_term))).tocsr()
    out.sort_indices()
    return out


def item_item_scores(
    inter: Interactions,
    config: RecommendConfig,
    rows: np.ndarray | None = None,
    sim: sp.csr_matrix | None = None,
) -> sp.csr_matrix:
    """Customer x product: the customer's weighted products x pruned cosine similarity.

    Similarity from every customer (``sim``, when already computed); scores
    for ``rows`` (row indices) only, when given.
    """
    w = inter.weights.tocsr()
    w = w if rows is None else w[np.asarray(rows, dtype=np.int64)]
    if sim is None:
        sim = item_similarity(inter.weights, config.neighbours, config.block_size)
    if sim.shape[0] == 0:
        return sp.csr_matrix(w.shape)
    return (w @ sim).tocsr()


def recommend(
    inter: Interactions,
    config: RecommendConfig,
    n: int | None = None,
    use_similarity: bool = True,
    fill: bool | None = None,
    popularity_weight: float | None = None,
    item_scores: sp.csr_matrix | None = None,
    rows: np.ndarray | None = None,
) -> pd.DataFrame:
    """Top-N recommendations per customer in ``inter`` (one row per customer, rank).

    ``popularity_weight`` None: item-item scores, short lists filled by
    popularity (buyers). A number: the blend of :func:`blend_scores`
    (popularity term from buyers + ``config.popularity_view_weight`` x
    viewers); ``source`` is item_similarity where the item-item part is
    positive, else popularity. ``item_scores`` reuses a precomputed
    :func:`item_item_scores` for the output rows. ``rows`` (sorted row
    indices) limits the output to those customers; similarity and popularity
    still come from every customer.
    """
    n = n or config.top_n
    fill = config.fill_with_popularity if fill is None else fill
    rows = np.arange(len(inter.customers)) if rows is None else np.asarray(rows, dtype=np.int64)
    if len(rows) > config.chunk_rows:
        return _recommend_in_chunks(
            inter,
            config,
            rows,
            item_scores,
            n=n,
            use_similarity=use_similarity,
            fill=fill,
            popularity_weight=popularity_weight,
        )
    purchased = inter.purchased.tocsr()[rows]
    if use_similarity:
        scores = (
            item_item_scores(inter, config, rows) if item_scores is None else item_scores.tocsr()
        )
    else:
        scores = sp.csr_matrix(purchased.shape)
    if popularity_weight is None:
        fill_order = popularity(inter.purchased) if fill else None
        r, rank, c, s = top_n(scores, purchased, n, fill_order)
        from_item = ~np.isnan(s)
    else:
        pop_term = popularity_term(popularity_counts(inter, config.popularity_view_weight))
        blended = blend_scores(scores, pop_term, purchased, n, popularity_weight)
        fill_order = np.lexsort((np.arange(len(pop_term)), -pop_term)) if fill else None
        r, rank, c, s = top_n(blended, purchased, n, fill_order)
        scores = scores.tocsr()
        item_part = np.asarray(scores[r, c]).ravel() if len(r) else np.array([], dtype=float)
        from_item = item_part > 0
    customers = inter.customers[rows]
    return pd.DataFrame(
        {
            "customer_id": customers[r] if len(r) else np.array([], dtype=str),
            "recommendation_rank": rank.astype(np.int64),
            "product_id": inter.products[c] if len(c) else np.array([], dtype=str),
            "score": s.astype("float64"),
            "source": np.where(from_item, "item_similarity", "popularity"),
        }
    )


def _recommend_in_chunks(
    inter: Interactions,
    config: RecommendConfig,
    rows: np.ndarray,
    item_scores: sp.csr_matrix | None,
    use_similarity: bool,
    **kwargs,
) -> pd.DataFrame:
    """:func:`recommend` for ``config.chunk_rows`` customers at a time.

    Everything after the product similarity is per customer (scores, blend,
    top n, fills), so the result is the same row for row; computing it all at
    once held every customer's candidate scores (about a million customers x
    hundreds of candidates, several copies) in memory together.
    """
    sim = None
    if use_similarity and item_scores is None:
        sim = item_similarity(inter.weights, config.neighbours, config.block_size)
    item_scores = item_scores.tocsr() if item_scores is not None else None
    parts = []
    for start in range(0, len(rows), config.chunk_rows):
        chunk = rows[start : start + config.chunk_rows]
        if item_scores is not None:
            chunk_scores = item_scores[start : start + config.chunk_rows]
        elif sim is not None:
            chunk_scores = item_item_scores(inter, config, chunk, sim=sim)
        else:
            chunk_scores = None
        parts.append(
            recommend(
                inter,
                config,
                rows=chunk,
                item_scores=chunk_scores,
                use_similarity=use_similarity,
                **kwargs,
            )
        )
    return pd.concat(parts, ignore_index=True)


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


#: model names in recommendation_evaluation; the blend is what product_recommendations serves
SELECTED_MODEL = "item_item_popularity_blend"


@dataclass(frozen=True)
class _Window:
    inter: Interactions
    truth: pd.DataFrame  # customer_id, product_id: new purchases in the evaluation window
    customers: np.ndarray  # customers evaluated (sorted)


def _window(
    events: pd.DataFrame,
    train_end: date,
    eval_end: date,
    config: RecommendConfig,
    catalogue: Sequence[str] | None,
) -> _Window:
    """Train on events before ``train_end``; truth: new purchases in [train_end, eval_end).

    Events on or after ``eval_end`` are dropped first, so nothing later leaks in.
    """
    d = pd.to_datetime(events["interaction_date"])
    events = events[(d < pd.Timestamp(eval_end)).to_numpy()]
    train_pairs, holdout = split_pairs(events, train_end)
    products = (
        catalogue
        if catalogue is not None and len(catalogue)
        else np.unique(events["product_id"].astype(str))
    )
    inter = build_interactions(train_pairs, config, products=products)
    bought = train_pairs[train_pairs["has_purchased"].astype(bool)]
    bought_before = set(zip(bought["customer_id"], bought["product_id"], strict=True))
    is_new = np.array(
        [
            (c, p) not in bought_before
            for c, p in zip(holdout["customer_id"], holdout["product_id"], strict=True)
        ],
        dtype=bool,
    )
    truth = holdout[is_new]
    truth = truth[truth["customer_id"].isin(set(inter.customers))]
    customers = np.unique(truth["customer_id"].to_numpy(dtype=str))
    if len(customers) == 0:
        raise InsufficientData(
            f"no customer to evaluate: none bought a new product in [{train_end}, {eval_end}) "
            "after an interaction before it"
        )
    return _Window(inter=inter, truth=truth, customers=customers)


def _score_window(
    window: _Window, config: RecommendConfig, variants: dict[str, dict]
) -> dict[str, dict[str, float]]:
    """Metrics per variant (keyword arguments of :func:`recommend`) on one window."""
    k = config.eval_k
    inter, truth, customers = window.inter, window.truth, window.customers
    rows = np.flatnonzero(np.isin(inter.customers, customers))
    item_scores = None
    if any(kw.get("use_similarity", True) for kw in variants.values()):
        item_scores = item_item_scores(inter, config, rows)  # evaluated customers only
    truth_set = set(zip(truth["customer_id"], truth["product_id"], strict=True))
    truth_count = truth.groupby("customer_id").size().reindex(customers)
    n_catalogue = len(inter.products)
    n_eval = len(customers)
    out = {}
    for name, kw in variants.items():
        recs = recommend(inter, config, n=k, item_scores=item_scores, rows=rows, **kw)
        hit = np.array(
            [
                (c, p) in truth_set
                for c, p in zip(recs["customer_id"], recs["product_id"], strict=True)
            ],
            dtype=bool,
        )
        hits_per = pd.Series(hit, index=recs["customer_id"].to_numpy()).groupby(level=0).sum()
        hits_per = hits_per.reindex(customers, fill_value=0)
        out[name] = {
            "hit_rate_at_k": float((hits_per > 0).mean()),
            "precision_at_k": float((hits_per / k).mean()),
            "recall_at_k": float((hits_per / truth_count).mean()),
            "catalogue_coverage": float(recs["product_id"].nunique() / n_catalogue)
            if n_catalogue
            else np.nan,
            "avg_list_length": float(len(recs) / n_eval),
        }
    return out


def _baseline_variants() -> dict[str, dict]:
    return {
        "item_item_with_popularity_fill": dict(use_similarity=True, fill=True),
        "item_item_only": dict(use_similarity=True, fill=False),
        "baseline_popularity": dict(use_similarity=False, fill=True),
    }


def select_popularity_weight(
    events: pd.DataFrame,
    split_date: date,
    config: RecommendConfig,
    catalogue: Sequence[str] | None = None,
) -> tuple[float, dict[str, dict[str, float]]]:
    """Blend weight with the best hit rate@k on the validation window before ``split_date``.

    Trains on events before ``split_date - validation_days`` and scores the
    new purchases in [that day, ``split_date``); events on or after
    ``split_date`` are never read. Ties: the smaller weight. Returns the
    weight and the validation metrics per variant (the three reference
    models, ``blend_w=<weight>`` per grid value and the selected blend under
    :data:`SELECTED_MODEL`). :class:`InsufficientData` when the validation
    window has no customer to evaluate.
    """
    start = split_date - timedelta(days=config.validation_days)
    window = _window(events, start, split_date, config, catalogue)
    grid = sorted(set(float(w) for w in config.popularity_weights))
    variants = _baseline_variants()
    variants.update({f"blend_w={w:g}": dict(popularity_weight=w) for w in grid})
    metrics = _score_window(window, config, variants)
    best = max(grid, key=lambda w: (metrics[f"blend_w={w:g}"]["hit_rate_at_k"], -w))
    metrics[SELECTED_MODEL] = metrics[f"blend_w={best:g}"]
    return best, metrics


def served_popularity_weight(evaluation: pd.DataFrame, default: float) -> float:
    """The blend weight chosen by :func:`evaluate_holdout` (``default`` when it has none)."""
    if evaluation is None or evaluation.empty:
        return float(default)
    row = evaluation[
        (evaluation["model_name"] == SELECTED_MODEL)
        & (evaluation["metric_name"] == "popularity_weight")
    ]["metric_value"].dropna()
    return float(row.iloc[0]) if len(row) else float(default)


def evaluate_holdout(
    events: pd.DataFrame,
    as_of_date: date,
    config: RecommendConfig,
    catalogue: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Metrics for the blend, item-item and popularity (one row per model, metric).

    The blend weight is chosen on the validation window before the holdout
    (:func:`select_popularity_weight`); the holdout then trains on everything
    before ``split_date`` and scores [split_date, as_of_date). Rows: the
    holdout metrics of every model, their ``validation_hit_rate_at_k`` and
    ``validation_catalogue_coverage``, and the blend's ``popularity_weight``.
    :class:`InsufficientData` when there is no as-of date or no customer to
    evaluate in the holdout; a validation window without one falls back to
    ``config.default_popularity_weight`` (no validation rows).
    """
    require_date(as_of_date)
    split = as_of_date - timedelta(days=config.holdout_days)
    holdout = _window(events, split, as_of_date, config, catalogue)
    try:
        weight, validation = select_popularity_weight(events, split, config, catalogue)
    except InsufficientData:
        weight, validation = config.default_popularity_weight, {}
    variants = {SELECTED_MODEL: dict(popularity_weight=weight), **_baseline_variants()}
    metrics = _score_window(holdout, config, variants)
    rows = []
    for name, values in metrics.items():
        for metric, value in values.items():
            rows.append({"model_name": name, "metric_name": metric, "metric_value": value})
        for metric in ("hit_rate_at_k", "catalogue_coverage"):
            if name in validation:
                rows.append(
                    {
                        "model_name": name,
                        "metric_name": f"validation_{metric}",
                        "metric_value": validation[name][metric],
                    }
                )
    rows.append(
        {"model_name": SELECTED_MODEL, "metric_name": "popularity_weight", "metric_value": weight}
    )
    out = pd.DataFrame(rows)
    out["metric_value"] = out["metric_value"].astype("float64")
    out["k"] = config.eval_k
    out["n_customers_evaluated"] = len(holdout.customers)
    out["n_products"] = len(holdout.inter.products)
    out["split_date"] = as_date(split)
    out["holdout_days"] = config.holdout_days
    out["is_baseline"] = out["model_name"].str.startswith("baseline_")
    out["is_selected_model"] = out["model_name"] == SELECTED_MODEL
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
    popularity_weight: float | None = None,
) -> pd.DataFrame:
    """Top-N for every customer with an interaction before ``as_of_date``.

    One row per (customer_id, recommendation_rank), ordered by both; scored
    by the blend with ``popularity_weight`` (None:
    ``config.default_popularity_weight``; see :func:`served_popularity_weight`).
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
    weight = config.default_popularity_weight if popularity_weight is None else popularity_weight
    recs = recommend(inter, config, popularity_weight=float(weight))
    recs["generated_as_of_date"] = as_date(as_of_date)
    return recs.sort_values(["customer_id", "recommendation_rank"], kind="mergesort").reset_index(
        drop=True
    )
