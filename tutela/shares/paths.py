"""Where the sharing manifests live (no manifest is read here, so this module is cheap)."""

from __future__ import annotations

from pathlib import Path

from tutela.config import Config

__all__ = ["default_share_paths"]


def default_share_paths(config: Config) -> list[Path]:
    """The configured ``shares`` folders, else ``shares/`` beside the configuration (if any).

    Example:
        >>> from tutela.config import Config
        >>> default_share_paths(Config(root=Path("/nowhere")))
        []
    """
    if config.shares:
        return list(config.shares)
    folder = config.root / "shares"
    return [folder] if folder.is_dir() else []
