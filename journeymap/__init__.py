"""journeymap: Python tooling (synthetic data generator, summaries, evaluation)."""
