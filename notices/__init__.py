"""Jinja templates for every text a person reads (avisos, letters, reports)."""
