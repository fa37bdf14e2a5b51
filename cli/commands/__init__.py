"""One module per verb; each exposes one click command."""
