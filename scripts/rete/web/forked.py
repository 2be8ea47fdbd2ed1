"""Run part of a build in a forked process and get its (small) result back.

The build's data (the corpus, the site view, MkDocs' files and navigation) is large and
costly to pickle, but a forked child already has it: only what the child produces travels
back, pickled through a pipe. Used to put the second core to work on page generation
(`pages.write_all`) and on MkDocs' pages (`mkdocs_run`); `Shared` hands out work to
whichever process is free.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class ChildFailed(Exception):
    """The child process stopped or raised; the message says what it raised, if it could."""


@dataclass
class Child(Generic[T]):
    pid: int
    read: int


def start(work: Callable[[], T]) -> Child[T]:
    """Fork a child that runs `work` and sends back its result (or its exception's text).

    The collector is frozen first and until `join`: a collection in either process would
    touch every object and copy the shared heap page by page."""
    gc.freeze()
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return Child(pid, read)
    code = 0
    try:  # the child never returns into the caller's code
        os.close(read)
        try:
            result: tuple[bool, object] = (True, work())
        except BaseException as exc:
            result = (False, f"{type(exc).__name__}: {exc}")
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def join(child: Child[T]) -> T:
    """The child's result; its exception (as text) is raised as `ChildFailed`."""
    try:
        with os.fdopen(child.read, "rb") as source:
            data = source.read()
        _, status = os.waitpid(child.pid, 0)
    finally:
        gc.unfreeze()
    if not data or os.waitstatus_to_exitcode(status) != 0:
        raise ChildFailed("il processo che costruiva una parte del sito si è fermato")
    ok, value = pickle.loads(data)
    if not ok:
        raise ChildFailed(str(value))
    return value  # type: ignore[no-any-return]


class Shared(Generic[T]):
    """Items shared by a process and the children it forks afterwards: iterating takes the
    next item not yet taken by any of them, so each item is taken once, in order, by
    whichever process is free, and the processes end within one item of each other. A
    split fixed in advance left one process seconds behind: items differ in cost, and on a
    shared machine so do the processes' speeds."""

    def __init__(self, items: Sequence[T]) -> None:
        import multiprocessing

        self._items = items
        self._next = multiprocessing.RawValue("q", 0)  # in shared memory: survives fork
        self._lock = multiprocessing.Lock()

    def __iter__(self) -> Iterator[T]:
        while True:
            with self._lock:
                taken = self._next.value
                self._next.value = taken + 1
            if taken >= len(self._items):
                return
            yield self._items[taken]
