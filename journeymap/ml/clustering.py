"""Customer clustering: k sweep, model choice, stable numbering, profiles.

For every k in a range the chosen algorithm is fitted on the standardised
feature matrix and scored with

- the silhouette score (on a fixed-seed sample of at most
  ``silhouette_sample_size`` rows: silhouette is quadratic in n),
- the Davies-Bouldin index and the inertia (sum of squared distances to the
  assigned centre), both on all rows.

k is chosen by the highest silhouette (ties: the smaller k). Algorithms:

- ``kmeans``: :class:`~sklearn.cluster.KMeans` (``n_init`` restarts), or
  :class:`~sklearn.cluster.MiniBatchKMeans` when n exceeds
  ``minibatch_threshold`` (1M rows cluster in well under a minute per k).
- ``gmm``: :class:`~sklearn.mixture.GaussianMixture` (full covariance), fitted
  on a fixed-seed sample of at most ``gmm_fit_sample_size`` rows and then used
  to assign every row; its BIC is reported too.

Cluster numbers run from 1 to k in descending order of the centre's monetary
value (then of the other features in spec order), so the same data always
gives the same numbers whatever order the fit found the clusters in.

Too few customers to cluster (fewer than 3, or not more than ``k_min``, e.g.
a CRM-only load with an empty customer_rfm): :func:`sweep_k` raises
:class:`~journeymap.ml.frames.InsufficientData`, and so do :func:`chosen_k`
on an empty sweep and :func:`profile_clusters` on no customers; the dbt
models then write :func:`empty_evaluation`, :func:`empty_clusters` and
:func:`empty_profiles` (no rows, same columns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import davies_bouldin_score, silhouette_score
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

from journeymap.ml.features import PreparedFeatures
from journeymap.ml.frames import DATE, TEXT, InsufficientData, empty_frame

ALGORITHMS = ("kmeans", "gmm")


@dataclass(frozen=True)
class ClusterConfig:
    k_min: int = 2
    k_max: int = 10
    algorithm: str = "kmeans"
    seed: int = 42
    n_init: int = 10
    silhouette_sample_size: int = 10_000
    minibatch_threshold: int = 100_000
    minibatch_batch_size: int = 4096
    gmm_fit_sample_size: int = 200_000
    order_by_feature: str = "monetary"
    n_threads: int | None = 1  # BLAS/OpenMP threads; None = library default

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        if not 2 <= self.k_min <= self.k_max:
            raise ValueError(f"need 2 <= k_min <= k_max, got {self.k_min}..{self.k_max}")


@dataclass(frozen=True)
class ClusterFit:
    """One fitted k: raw labels (0-based, fit order) and centres in z units."""

    k: int
    labels: np.ndarray
    centres: np.ndarray
    bic: float | None
    gmm: GaussianMixture | None = None  # kmeans labels come from the centres alone


@dataclass(frozen=True)
class ClusterResult:
    labels: np.ndarray  # stable cluster numbers 1..k, aligned with the input rows
    centres: np.ndarray  # z-space centres, row i = cluster number i + 1
    chosen_k: int
    evaluation: pd.DataFrame


def _sample_index(n: int, size: int, seed: int) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=size, replace=False))


def _assign(
    matrix: np.ndarray, centres: np.ndarray, chunk: int = 200_000
) -> tuple[np.ndarray, float]:
    """Nearest centre per row and total squared distance (chunked for memory)."""
    labels = np.empty(len(matrix), dtype=np.int64)
    inertia = 0.0
    c_sq = (centres**2).sum(axis=1)
    for start in range(0, len(matrix), chunk):
        block = matrix[start : start + chunk]
        d = (block**2).sum(axis=1)[:, None] - 2.0 * block @ centres.T + c_sq[None, :]
        np.maximum(d, 0.0, out=d)
        lab = d.argmin(axis=1)
        labels[start : start + chunk] = lab
        inertia += float(d[np.arange(len(block)), lab].sum())
    return labels, inertia


def fit_k(matrix: np.ndarray, k: int, config: ClusterConfig) -> ClusterFit:
    """Fit one k with the configured algorithm; deterministic for a given seed."""
    n = len(matrix)
    if config.algorithm == "kmeans":
        if n > config.minibatch_threshold:
            model = MiniBatchKMeans(
                n_clusters=k,
                random_state=config.seed,
                batch_size=config.minibatch_batch_size,
                n_init=3,
                max_no_improvement=20,
            )
        else:
            model = KMeans(n_clusters=k, random_state=config.seed, n_init=config.n_init)
        model.fit(matrix)
        centres = np.asarray(model.cluster_centers_, dtype="float64")
        labels, _ = _assign(matrix, centres)
        return ClusterFit(k=k, labels=labels, centres=centres, bic=None)
    idx = _sample_index(n, config.gmm_fit_sample_size, config.seed)
    gmm = GaussianMixture(
        n_components=k, covariance_type="full", random_state=config.seed, n_init=1, reg_covar=1e-5
    )
    gmm.fit(matrix[idx])
    labels = gmm.predict(matrix).astype(np.int64)
    return ClusterFit(
        k=k,
        labels=labels,
        centres=gmm.means_.astype("float64"),
        bic=float(gmm.bic(matrix[idx])),
        gmm=gmm,
    )


def score_fit(matrix: np.ndarray, fit: ClusterFit, sample_idx: np.ndarray) -> dict[str, float]:
    """Silhouette (on the sample), Davies-Bouldin and inertia (on all rows)."""
    labels = fit.labels
    n_used = len(np.unique(labels))
    inertia = float(((matrix - fit.centres[labels]) ** 2).sum())
    if n_used < 2:
        return {"silhouette_score": np.nan, "davies_bouldin_score": np.nan, "inertia": inertia}
    sample_labels = labels[sample_idx]
    if 2 <= len(np.unique(sample_labels)) <= len(sample_idx) - 1:
        sil = float(silhouette_score(matrix[sample_idx], sample_labels))
    else:
        sil = np.nan
    return {
        "silhouette_score": sil,
        "davies_bouldin_score": float(davies_bouldin_score(matrix, labels)),
        "inertia": inertia,
    }


def stable_order(centres_original: np.ndarray, order_column: int) -> np.ndarray:
    """Permutation of fit clusters: descending order-feature, then other features.

    ``result[i]`` is the fit index of the cluster that becomes number ``i + 1``.
    """
    keys = [-centres_original[:, j] for j in range(centres_original.shape[1]) if j != order_column]
    keys = keys[::-1] + [-centres_original[:, order_column]]
    return np.lexsort(np.round(np.vstack(keys), 9))


def sweep_k(matrix: np.ndarray, config: ClusterConfig) -> pd.DataFrame:
    """Fit and score every k in the range; one row per k (ordered), ``is_chosen`` set.

    k values not below n are skipped. k is chosen by the highest silhouette;
    among equal scores the smaller k wins. :class:`InsufficientData` when
    fewer than 3 customers, or no k in the range is below n.
    """
    with threadpool_limits(limits=config.n_threads):
        n = len(matrix)
        if n < 3:
            raise InsufficientData(f"need at least 3 customers to cluster, got {n}")
        ks = [k for k in range(config.k_min, config.k_max + 1) if k < n]
        if not ks:
            raise InsufficientData(
                f"need more than k_min={config.k_min} customers to cluster, got {n}"
            )
        sample_idx = _sample_index(n, config.silhouette_sample_size, config.seed)
        rows = []
        for k in ks:
            fit = fit_k(matrix, k, config)
            rows.append(
                {
                    "algorithm": config.algorithm,
                    "k": k,
                    **score_fit(matrix, fit, sample_idx),
                    "bic": fit.bic,
                    "n_clusters_non_empty": int(len(np.unique(fit.labels))),
                    "n_customers": n,
                    "silhouette_sample_size": int(len(sample_idx)),
                }
            )
    evaluation = pd.DataFrame(rows)
    sil = evaluation["silhouette_score"].fillna(-np.inf).to_numpy()
    chosen_k = int(evaluation["k"].to_numpy()[int(np.argmax(sil))])  # first max = smaller k
    evaluation["is_chosen"] = evaluation["k"] == chosen_k
    evaluation["bic"] = evaluation["bic"].astype("float64")
    return evaluation.sort_values("k", kind="mergesort").reset_index(drop=True)


def chosen_k(evaluation: pd.DataFrame, algorithm: str | None = None) -> int:
    """The k flagged ``is_chosen`` in a :func:`sweep_k` table.

    :class:`InsufficientData` when the table is empty (nothing was clustered);
    ``ValueError`` when it was built with another ``algorithm`` (if given).
    """
    if evaluation.empty:
        raise InsufficientData("customer_cluster_evaluation is empty: no k was chosen")
    if algorithm is not None and set(evaluation["algorithm"]) != {algorithm}:
        raise ValueError("customer_cluster_evaluation was built with another algorithm; rebuild it")
    ks = evaluation.loc[evaluation["is_chosen"].astype(bool), "k"].tolist()
    if len(ks) != 1:
        raise ValueError(f"expected exactly one chosen k, found {ks}")
    return int(ks[0])


def _fit_numbered(
    matrix: np.ndarray, names: Sequence[str], raw: pd.DataFrame, k: int, config: ClusterConfig
) -> tuple[ClusterFit, np.ndarray, np.ndarray]:
    """Fit k clusters and number them stably: (fit, number of each fit label,
    fit labels in cluster-number order)."""
    with threadpool_limits(limits=config.n_threads):
        fit = fit_k(matrix, k, config)
    order_col = (
        list(names).index(config.order_by_feature) if config.order_by_feature in names else 0
    )
    raw_values = raw[list(names)].to_numpy(dtype="float64")
    centres_original = np.vstack(
        [
            raw_values[fit.labels == c].mean(axis=0)
            if (fit.labels == c).any()
            else np.full(len(names), -np.inf)
            for c in range(fit.k)
        ]
    )
    perm = stable_order(centres_original, order_col)
    number_of = np.empty(fit.k, dtype=np.int64)
    number_of[perm] = np.arange(1, fit.k + 1)
    return fit, number_of, perm


def fit_final(
    matrix: np.ndarray, names: Sequence[str], raw: pd.DataFrame, k: int, config: ClusterConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Fit k clusters and number them stably: (numbers 1..k per row, z centres by number).

    Same seed and data as the sweep, so the labels are those the sweep scored.
    ``raw`` (original units, same row order) gives the stable order.
    """
    fit, number_of, perm = _fit_numbered(matrix, names, raw, k, config)
    return number_of[fit.labels], fit.centres[perm]


@dataclass(frozen=True)
class ClusterModel:
    """A fitted clustering, as ``customer_cluster_model`` stores it: how to
    prepare the features (the spec, the imputation values, the standardisation
    of the training population) and how to assign a cluster number, with the
    label of each number. :meth:`assign` on the training data gives the
    numbers the fit gave."""

    algorithm: str
    k: int
    spec: tuple[tuple[tuple[str, object], ...], ...]  # the feature spec, as sorted items
    impute_values: dict[str, float]
    mean: np.ndarray
    scale: np.ndarray
    centres: np.ndarray  # z units, in fit order (kmeans assigns by nearest centre)
    number_of: np.ndarray  # fit label -> cluster number
    labels: dict[int, str]  # cluster number -> label
    gmm: GaussianMixture | None = None

    @property
    def feature_spec(self) -> list[dict[str, object]]:
        return [dict(items) for items in self.spec]

    def assign(self, matrix: np.ndarray, n_threads: int | None = 1) -> np.ndarray:
        """Cluster number (1..k) of each row of a matrix prepared with this model."""
        with threadpool_limits(limits=n_threads):
            if self.gmm is not None:
                fit_labels = self.gmm.predict(matrix).astype(np.int64)
            else:
                fit_labels, _ = _assign(matrix, self.centres)
        return self.number_of[fit_labels]


def freeze_spec(spec: Sequence[Mapping[str, object]]) -> tuple[tuple[tuple[str, object], ...], ...]:
    """A feature spec as a hashable, comparable value (order of features kept)."""
    return tuple(tuple(sorted((str(k), v) for k, v in item.items())) for item in spec)


def fit_cluster_model(
    prepared: PreparedFeatures,
    spec: Sequence[Mapping[str, object]],
    k: int,
    config: ClusterConfig,
) -> tuple[ClusterModel, np.ndarray]:
    """Fit k clusters on prepared features: (the model to store, numbers per row).

    The numbers and labels are those :func:`fit_final` and
    :func:`profile_clusters` give on the same data.
    """
    fit, number_of, _ = _fit_numbered(prepared.matrix, prepared.names, prepared.raw, k, config)
    numbers = number_of[fit.labels]
    profiles = profile_clusters(numbers, prepared.raw, prepared.names, prepared.matrix)
    model = ClusterModel(
        algorithm=config.algorithm,
        k=k,
        spec=freeze_spec(spec),
        impute_values=dict(prepared.impute_values),
        mean=prepared.mean,
        scale=prepared.scale,
        centres=fit.centres,
        number_of=number_of,
        labels={
            int(n): str(label)
            for n, label in zip(profiles["cluster_number"], profiles["cluster_label"], strict=True)
        },
        gmm=fit.gmm,
    )
    return model, numbers


def cluster_customers(
    matrix: np.ndarray, names: Sequence[str], raw: pd.DataFrame, config: ClusterConfig
) -> ClusterResult:
    """:func:`sweep_k` then :func:`fit_final` at the chosen k.

    Native thread pools are limited to ``config.n_threads``: OpenMP
    spin-waiting on a busy machine costs far more than it gains.
    """
    evaluation = sweep_k(matrix, config)
    k = chosen_k(evaluation)
    labels, centres = fit_final(matrix, names, raw, k, config)
    return ClusterResult(labels=labels, centres=centres, chosen_k=k, evaluation=evaluation)


# --------------------------------------------------------------------------- profiles

#: phrase per feature when its centre is (high, low) relative to all customers
FEATURE_PHRASES: dict[str, tuple[str, str]] = {
    "recency_days": ("lapsed", "recent"),
    "frequency": ("frequent buyers", "one-off buyers"),
    "monetary": ("high spend", "low spend"),
    "sessions": ("heavy browsers", "light browsers"),
    "product_views": ("many product views", "few product views"),
    "cart_abandonment_rate": ("cart abandoners", "checkout completers"),
    "email_open_rate": ("email openers", "email ignorers"),
    "email_click_rate": ("email clickers", "email non-clickers"),
    "tenure_days": ("long-standing", "new"),
}


def label_for(
    z_centre: np.ndarray, names: Sequence[str], n_terms: int = 2, min_abs_z: float = 0.25
) -> str:
    """Human-readable label from the features that most distinguish a centre.

    Takes up to ``n_terms`` features with the largest |z| (at least
    ``min_abs_z``), ties broken by spec order; "average customers" if none.
    """
    order = sorted(range(len(names)), key=lambda j: (-round(abs(float(z_centre[j])), 9), j))
    terms = []
    for j in order[:n_terms]:
        z = float(z_centre[j])
        if abs(z) < min_abs_z:
            break
        high, low = FEATURE_PHRASES.get(names[j], (f"high {names[j]}", f"low {names[j]}"))
        terms.append(high if z > 0 else low)
    if not terms:
        return "Average customers"
    text = ", ".join(terms)
    return text[0].upper() + text[1:]


def profile_clusters(
    labels: np.ndarray, raw: pd.DataFrame, names: Sequence[str], z_matrix: np.ndarray
) -> pd.DataFrame:
    """One row per cluster number: size, share, centre in original units, label.

    Centre columns are ``avg_<feature>`` (mean of imputed original values) and
    ``z_<feature>`` (mean standardised value, what the label is read from).
    Labels are made unique by adding a third distinguishing term, then the
    cluster number if still needed. :class:`InsufficientData` when there is
    no customer.
    """
    n = len(labels)
    if n == 0:
        raise InsufficientData("no clustered customer to profile")
    numbers = np.unique(labels)
    rows = []
    for c in numbers:
        mask = labels == c
        z_centre = z_matrix[mask].mean(axis=0)
        row: dict[str, object] = {
            "cluster_number": int(c),
            "customer_count": int(mask.sum()),
            "customer_share": float(mask.sum() / n),
        }
        for name in names:
            row[f"avg_{name}"] = float(raw[name].to_numpy(dtype="float64")[mask].mean())
        for j, name in enumerate(names):
            row[f"z_{name}"] = float(z_centre[j])
        row["cluster_label"] = label_for(z_centre, names)
        row["_z"] = z_centre
        rows.append(row)
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["cluster_label"]] = seen.get(row["cluster_label"], 0) + 1
    for row in rows:
        if seen[row["cluster_label"]] > 1:
            row["cluster_label"] = label_for(row["_z"], names, n_terms=3)
    final_seen: dict[str, int] = {}
    for row in rows:
        final_seen[row["cluster_label"]] = final_seen.get(row["cluster_label"], 0) + 1
    for row in rows:
        if final_seen[row["cluster_label"]] > 1:
            row["cluster_label"] = f"{row['cluster_label']} ({row['cluster_number']})"
        del row["_z"]
    return pd.DataFrame(rows).sort_values("cluster_number", kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------- empty tables

#: customer_cluster_evaluation: :func:`sweep_k` columns plus the model's features, seed, as_of_date
EVALUATION_TABLE_DTYPES: dict[str, str] = {
    "algorithm": TEXT,
    "k": "int64",
    "silhouette_score": "float64",
    "davies_bouldin_score": "float64",
    "inertia": "float64",
    "bic": "float64",
    "n_clusters_non_empty": "int64",
    "n_customers": "int64",
    "silhouette_sample_size": "int64",
    "is_chosen": "bool",
    "features": TEXT,
    "seed": "int64",
    "as_of_date": DATE,
}


def empty_evaluation() -> pd.DataFrame:
    """customer_cluster_evaluation with no rows (too few customers to cluster)."""
    return empty_frame(EVALUATION_TABLE_DTYPES)


def clusters_table_dtypes(names: Sequence[str]) -> dict[str, str]:
    """customer_clusters columns for the feature ``names`` (spec order)."""
    return {
        "customer_id": TEXT,
        "cluster_number": "int64",
        "cluster_label": TEXT,
        **{str(name): "float64" for name in names},
        "algorithm": TEXT,
        "k": "int64",
        "as_of_date": DATE,
    }


def empty_clusters(names: Sequence[str]) -> pd.DataFrame:
    """customer_clusters with no rows, for the feature ``names``."""
    return empty_frame(clusters_table_dtypes(names))


def profiles_table_dtypes(names: Sequence[str]) -> dict[str, str]:
    """customer_cluster_profiles columns: :func:`profile_clusters` plus algorithm, k, as_of_date."""
    return {
        "cluster_number": "int64",
        "customer_count": "int64",
        "customer_share": "float64",
        **{f"avg_{name}": "float64" for name in names},
        **{f"z_{name}": "float64" for name in names},
        "cluster_label": TEXT,
        "algorithm": TEXT,
        "k": "int64",
        "as_of_date": DATE,
    }


def empty_profiles(names: Sequence[str]) -> pd.DataFrame:
    """customer_cluster_profiles with no rows, for the feature ``names``."""
    return empty_frame(profiles_table_dtypes(names))
