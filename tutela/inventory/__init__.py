"""tutela subpackage."""
