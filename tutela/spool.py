"""Findings in order without keeping them all in memory (issue 15: memory flat in corpus size).

A lint run over a large warehouse makes tens of thousands of findings, and the report must
write them sorted (file, line, column, rule, message) and count them. :class:`Findings`
holds up to :data:`SPILL` of them in memory; past that it sorts what it holds and writes it
to an anonymous temporary file as one sorted *run* (pickled in chunks of :data:`CHUNK`).
Iterating merges the runs (``heapq.merge``, stable: equal findings keep the order they were
added in, as ``sorted`` keeps it), reading each run a chunk at a time. So a run holds at most
:data:`SPILL` findings while it adds them and one chunk per run while it writes them out,
whatever the corpus size. The counts a summary needs (by severity, suppressed or not) are
kept as findings are added, so a summary never reads the file.

The temporary file is this process's own (created unlinked, owner-only by ``tempfile``) and
goes when the collection does; pickled findings never leave the process.

Example:
    >>> from tutela.findings import Finding, Location, Severity
    >>> def f(file, line, suppressed=False):
    ...     return Finding("PUR001", "m", Severity.ERROR, Location(file, line),
    ...                    suppressed=suppressed)
    >>> found = Findings([f("b.sql", 1), f("a.sql", 9)], limit=1)  # spills at once
    >>> found.extend([f("a.sql", 2, suppressed=True)])
    >>> [(x.location.file, x.location.line) for x in found.seal()]
    [('a.sql', 2), ('a.sql', 9), ('b.sql', 1)]
    >>> len(found), found.spilled, found.active_count(Severity.ERROR), found.suppressed_count()
    (3, True, 2, 1)
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, overload

from tutela.findings import Finding, Severity

__all__ = ["CHUNK", "SPILL", "Findings", "Subset"]

SPILL = 4096  # findings held in memory before a sorted run is written out (~2.5 MB)
CHUNK = 256  # findings per pickled chunk: what reading holds of each run


def _key(finding: Finding) -> tuple[Any, ...]:
    return finding.sort_key()


class Findings(Sequence[Finding]):
    """A report's findings, sorted once sealed; in memory or, past ``limit``, in sorted runs.

    Args:
        items: findings to start with.
        limit: findings held in memory before they are written out (None: :data:`SPILL`,
            read when the collection is made).
    """

    def __init__(self, items: Iterable[Finding] = (), *, limit: int | None = None) -> None:
        self._limit = max(1, limit if limit is not None else SPILL)
        self._memory: list[Finding] = []
        self._runs: list[list[tuple[int, int]]] = []  # per run: (offset, size) of each chunk
        self._file: IO[bytes] | None = None
        self._len = 0
        self._sorted = True
        self._sealed = False
        self._counts: Counter[tuple[bool, Severity]] = Counter()
        self.extend(items)

    def extend(self, items: Iterable[Finding]) -> None:
        """Add findings (in any order).

        Raises:
            RuntimeError: the collection is sealed (a report has been made of it).
        """
        if self._sealed:
            raise RuntimeError("findings are sealed once a report is made of them")
        for finding in items:
            self._memory.append(finding)
            self._counts[finding.suppressed, finding.severity] += 1
            self._len += 1
            self._sorted = False
            if len(self._memory) >= self._limit:
                self._spill()

    def _spill(self) -> None:
        self._memory.sort(key=_key)
        if self._file is None:
            # lives as long as the collection (closed by __del__), not a with block
            self._file = tempfile.TemporaryFile(prefix="tutela-findings-")  # noqa: SIM115
        out = self._file
        out.seek(0, 2)
        chunks = []
        for at in range(0, len(self._memory), CHUNK):
            data = pickle.dumps(self._memory[at : at + CHUNK], pickle.HIGHEST_PROTOCOL)
            chunks.append((out.tell(), len(data)))
            out.write(data)
        self._runs.append(chunks)
        self._memory = []

    def __del__(self) -> None:
        if self._file is not None:  # unlinked at creation: closing it frees the disk space
            self._file.close()

    def seal(self) -> Findings:
        """Sort and freeze (no more :meth:`extend`); returns the collection itself."""
        self._sort_memory()
        self._sealed = True
        return self

    def _sort_memory(self) -> None:
        if not self._sorted:
            self._memory.sort(key=_key)
            self._sorted = True

    @property
    def spilled(self) -> bool:
        """Whether some findings were written to the temporary file."""
        return bool(self._runs)

    def active_count(self, severity: Severity) -> int:
        """How many unsuppressed findings have ``severity`` (no finding is read)."""
        return self._counts[False, severity]

    def suppressed_count(self) -> int:
        """How many findings an inline suppression silenced (no finding is read)."""
        return sum(n for (suppressed, _), n in self._counts.items() if suppressed)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Finding]:
        """The findings in :meth:`Finding.sort_key` order (equal keys: the order added)."""
        self._sort_memory()
        if not self._runs:
            return iter(self._memory)
        return heapq.merge(*(self._read(run) for run in self._runs), self._memory, key=_key)

    def _read(self, run: list[tuple[int, int]]) -> Iterator[Finding]:
        source = self._file
        if source is None:  # pragma: no cover - a run exists only once the file does
            return
        for offset, size in run:
            source.seek(offset)
            chunk: list[Finding] = pickle.loads(source.read(size))  # noqa: S301 - our own file
            yield from chunk

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        """By position in sorted order; once spilled, this reads every finding (for tests)."""
        self._sort_memory()
        if not self._runs:
            return self._memory[index]
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings | list | tuple):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Findings({len(self)} findings{', spilled' if self._runs else ''})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Findings, (list(self),))  # a copy in another process is held in memory


class Subset(Sequence[Finding]):
    """The suppressed (or the unsuppressed) findings of a :class:`Findings`, read as needed."""

    def __init__(self, findings: Findings, *, suppressed: bool) -> None:
        self._findings = findings
        self._suppressed = suppressed

    def __len__(self) -> int:
        if self._suppressed:
            return self._findings.suppressed_count()
        return sum(self._findings.active_count(severity) for severity in Severity)

    def __iter__(self) -> Iterator[Finding]:
        return (f for f in self._findings if f.suppressed == self._suppressed)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Subset({len(self)} {'suppressed' if self._suppressed else 'active'} findings)"
