"""`make fuzz`: coverage-guided fuzzing (atheris) of tutela's SQL and YAML entry points.

Targets (each accepts any bytes; a TutelaError is a correct answer, anything else a bug):

* ``sql``       -- bytes -> ``decode_sql`` -> ``analyze_sql`` (tutela.sql.source, tutela.sql.facts)
                  against the example inventory's catalog, in a dialect picked by the first byte;
* ``yaml``      -- bytes -> :func:`tutela.yamlsafe.load_yaml`;
* ``inventory`` -- bytes -> ``load_yaml`` -> :func:`tutela.inventory.validate_document`.

Usage::

    python benchmarks/fuzz.py                 # every target, 60 s each (FUZZ_SECONDS to change)
    python benchmarks/fuzz.py sql [libFuzzer flags, e.g. -runs=100000 corpus_dir/]
    python benchmarks/fuzz.py --smoke         # no atheris: seeds + random mutations, quick

Seeds are the hostile corpus (scripts/hostile_corpus.py, small files) and the example project's
SQL and YAML. A crash leaves libFuzzer's ``crash-*`` file in the current folder: add it to the
hostile corpus or a fixture, fix the bug, keep the test. Not part of ``make test``; the smoke
mode is (tests/reliability/test_fuzz_targets.py).
"""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutela.errors import TutelaError  # noqa: E402
from tutela.sql.facts import DIALECTS, analyze_sql  # noqa: E402
from tutela.sql.source import decode_sql  # noqa: E402
from tutela.yamlsafe import load_yaml  # noqa: E402

_CATALOG: Any = None


def _catalog() -> Any:
    global _CATALOG
    if _CATALOG is None:
        from tutela.inventory import load_inventory
        from tutela.sql import Catalog

        inventory = load_inventory(REPO / "examples" / "contact-center" / "inventory.yaml")
        _CATALOG = Catalog.from_datasets(inventory.datasets)
    return _CATALOG


def fuzz_sql(data: bytes) -> None:
    """Facts for any bytes: a located error or facts, never another exception."""
    dialect = DIALECTS[data[0] % len(DIALECTS)] if data else "ansi"
    try:
        text, encoding = decode_sql(data[1:], "fuzz.sql")
    except TutelaError:
        return
    facts = analyze_sql(
        text, dialect=dialect, catalog=_catalog(), file="fuzz.sql", encoding=encoding
    )
    for fact in facts:
        if fact["parsed"] is False and not fact["error"]:
            raise AssertionError(f"unparsed fact without a reason: {fact}")


def fuzz_yaml(data: bytes) -> None:
    """Safe YAML for any bytes: a YAMLError or plain data, never another exception."""
    try:
        load_yaml(data.decode("utf-8", "replace"), "fuzz.yaml")
    except TutelaError:
        return


def fuzz_inventory(data: bytes) -> None:
    """Inventory validation for any bytes: problems or valid data, never a crash."""
    from tutela.inventory import validate_document

    try:
        validate_document(load_yaml(data.decode("utf-8", "replace"), "inventory.yaml"))
    except TutelaError:
        return


TARGETS: dict[str, Callable[[bytes], None]] = {
    "sql": fuzz_sql,
    "yaml": fuzz_yaml,
    "inventory": fuzz_inventory,
}


def seeds(target: str) -> Iterator[bytes]:
    """The seed inputs of a target (hostile corpus and the example project)."""
    example = REPO / "examples" / "contact-center"
    if target == "sql":
        spec = importlib.util.spec_from_file_location(
            "hostile_corpus", REPO / "scripts" / "hostile_corpus.py"
        )
        assert spec is not None and spec.loader is not None
        module = sys.modules.setdefault("hostile_corpus", importlib.util.module_from_spec(spec))
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory() as folder:
            for case in module.generate(Path(folder), big=False):
                yield b"\x03" + (Path(folder) / case.filename).read_bytes()[:20_000]
        for path in sorted((example / "models").rglob("*.sql")):
            yield b"\x01" + path.read_bytes()
    else:
        for path in sorted(example.rglob("*.yaml")) + sorted(example.rglob("*.yml")):
            yield path.read_bytes()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data or b" ")
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            del buf[pos % len(buf)]
        elif op == 1:
            buf[pos:pos] = bytes([rng.randrange(256)])
        elif op == 2:
            buf[pos:pos] = rng.choice(
                [b"(", b")", b"'", b'"', b";", b"--", b"/*", b"*", b"&a", b"!!"]
            )
        elif buf:
            start = rng.randrange(len(buf))
            buf[pos:pos] = buf[start : start + rng.randint(1, 64)]
    return bytes(buf)


def smoke(iterations: int = 200, seed: int = 0) -> int:
    """Run every target on its seeds plus random mutations (no atheris); return inputs run."""
    rng = random.Random(seed)
    count = 0
    for name, target in TARGETS.items():
        pool = list(seeds(name))
        for data in pool:
            target(data)
            count += 1
        for _ in range(iterations):
            target(_mutate(rng.choice(pool), rng))
            count += 1
    return count


def _fuzz(name: str, args: list[str]) -> None:
    import atheris  # type: ignore[import-not-found]  # installed by `make fuzz` only

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder)
        for index, data in enumerate(seeds(name)):
            (corpus / f"seed{index:04d}").write_bytes(data)
        _catalog()
        atheris.instrument_all()  # coverage feedback from tutela, sqlglot and the YAML layer
        atheris.Setup([sys.argv[0], *args, str(corpus)], TARGETS[name])
        atheris.Fuzz()


def main(argv: list[str]) -> int:
    """Fuzz one target (libFuzzer flags follow), or each target in turn, or --smoke."""
    if argv[:1] == ["--smoke"]:
        print(f"smoke: {smoke(int(argv[1]) if len(argv) > 1 else 500)} inputs, no failure")
        return 0
    if argv and argv[0] in TARGETS:
        _fuzz(argv[0], argv[1:])
        return 0
    if argv:
        print(f"unknown target {argv[0]!r}; targets: {', '.join(TARGETS)} or --smoke")
        return 2
    seconds = os.environ.get("FUZZ_SECONDS", "60")
    failed = 0
    for name in TARGETS:
        print(f"== fuzz {name} for {seconds} s")
        code = subprocess.call(
            [sys.executable, __file__, name, f"-max_total_time={seconds}", "-rss_limit_mb=2048"]
        )
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
