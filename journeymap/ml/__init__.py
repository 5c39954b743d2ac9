"""Machine-learning helpers behind the dbt Python models in ``python_models/``.

Plain, typed functions with no dbt imports, so pytest can exercise them on
small synthetic frames:

- :mod:`journeymap.ml.features`: feature specs, imputation, log scaling,
  standardisation (clustering) and point-in-time customer features (churn).
- :mod:`journeymap.ml.clustering`: k sweep with silhouette / Davies-Bouldin /
  inertia, K-Means / MiniBatchKMeans / Gaussian mixture, stable numbering,
  profiles and labels.
- :mod:`journeymap.ml.churn`: labels, time-based split, models, evaluation and
  scoring.
- :mod:`journeymap.ml.recommend`: sparse item-item similarity, top-N
  recommendations and a time-based holdout against a popularity baseline.
"""

# Heavy dependencies are imported here, once, under this package's import
# lock: dbt runs Python models in parallel threads, and two threads importing
# different scikit-learn submodules at the same time can hit scikit-learn's
# circular imports half-initialised ("cannot import name 'clone'").
import scipy.sparse  # noqa: E402, F401
import sklearn.cluster  # noqa: E402, F401
import sklearn.ensemble  # noqa: E402, F401
import sklearn.isotonic  # noqa: E402, F401
import sklearn.linear_model  # noqa: E402, F401
import sklearn.metrics  # noqa: E402, F401
import sklearn.mixture  # noqa: E402, F401
import sklearn.pipeline  # noqa: E402, F401
import sklearn.preprocessing  # noqa: E402, F401
