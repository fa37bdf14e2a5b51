"""Data-sharing manifests: what leaves, to whom, why, on what legal basis."""
