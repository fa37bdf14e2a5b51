"""Command-line interface (click). Thin: parse, call the core, print, exit."""
