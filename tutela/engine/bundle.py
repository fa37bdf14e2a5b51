"""Build a standard OPA bundle (``.tar.gz``) of the tutela policies and data.

Layout (OPA "Bundles" documentation: a gzipped tarball with an optional ``.manifest``,
``.rego`` files anywhere, and ``data.json`` files whose directory is their place in
``data``)::

    /.manifest                         {"revision": R, "roots": ["tutela", ...],
                                        "rego_version": 1}
    /tutela/builtin/<family>/<rule>.rego  built-in policies (lib/, main.rego, families)
    /tutela/user/<dir>/<family>/...       user policy folders
    /tutela/generated/families.rego       tutela.main.generated (the family list)
    /tutela/data.json                  {"inventory": ..., "config": ...} -> data.tutela
    /user/data.json                    user data files -> data.user (only when present)

``*_test.rego`` files are left out: a server has no use for them, and OPA would load them
as ordinary policies under ``data.tutela.<family>_test``. ``roots`` is ``tutela`` plus the
first segment of any user package outside ``tutela`` and ``user`` when user data is
present (OPA refuses a bundle whose packages or data fall outside its roots).

The archive is deterministic: entries sorted, mtime 0, uid/gid 0, mode 0644, no user
names, and a gzip header without name or time; the default revision is a hash of the
contents, so the same inputs give the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tutela.engine.base import PolicySet


def bundle_files(
    policies: PolicySet, data: Mapping[str, Any], *, revision: str | None = None
) -> dict[str, bytes]:
    """The bundle's files, path -> bytes (paths without a leading slash).

    Example:
        >>> from tutela.engine.base import engine_data, load_policies
        >>> files = bundle_files(load_policies(include_builtin=False), engine_data(),
        ...                      revision="r1")
        >>> json.loads(files[".manifest"])
        {'rego_version': 1, 'revision': 'r1', 'roots': ['tutela']}
        >>> "tutela/data.json" in files and "tutela/builtin/main.rego" in files
        True
    """
    files: dict[str, bytes] = {}
    roots = {"tutela"}
    for module in policies.policy_modules():
        files[module.id] = module.text.encode("utf-8")
        top = module.package.split(".", 1)[0]
        roots.add(top)
    tutela_data = dict(data.get("tutela") or {})
    files["tutela/data.json"] = _json(tutela_data)
    user = data.get("user") or {}
    if user:
        files["user/data.json"] = _json(user)
        roots.add("user")
    if revision is None:
        digest = hashlib.sha256()
        for path in sorted(files):
            digest.update(path.encode() + b"\0" + files[path] + b"\0")
        revision = digest.hexdigest()[:16]
    manifest = {"revision": revision, "roots": sorted(roots), "rego_version": 1}
    files[".manifest"] = _json(manifest)
    return files


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def bundle_bytes(files: Mapping[str, bytes]) -> bytes:
    """A deterministic ``.tar.gz`` of ``files``."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(files):
            content = files[path]
            info = tarfile.TarInfo(path)
            info.size = len(content)
            info.mtime = 0
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(content))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def write_bundle(
    out: Path,
    policies: PolicySet,
    data: Mapping[str, Any],
    *,
    revision: str | None = None,
    force: bool = False,
) -> str:
    """Write the bundle to ``out`` atomically; return its revision.

    Raises:
        InputError: ``out`` exists and ``force`` is false, or it cannot be written.
    """
    from tutela.files import check_target, write_atomic

    check_target(out, force=force, parents=False)  # refused before the bundle is built
    files = bundle_files(policies, data, revision=revision)
    write_atomic(out, bundle_bytes(files), force=force, parents=False)
    return str(json.loads(files[".manifest"])["revision"])
