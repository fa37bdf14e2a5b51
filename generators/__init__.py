"""Generators: inventory -> artifacts (notices, ARCO SQL, retention SQL, bundle, report)."""
