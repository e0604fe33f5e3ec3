"""New tree objects: a tree of the branch with a few files written in, made without an index.

A commit of three files into a repository whose `examples/` holds 100,000 incident folders
changes three trees (`examples/<id>`, `examples` and the root); everything else is shared with
the parent. Git's own commands get there through an index of every file of the repository
(300,000 entries, 37 MB, read and rewritten by each `git add`, `git commit`, `read-tree`), which
costs more than the commit. Here only the trees on the paths of the files are read (`git
cat-file --batch`), edited as bytes in memory (an entry spliced into its sorted place: the
format is `<mode> <name>` NUL `<binary id>` per entry, sorted by name, a folder's name compared
as if it ended in `/`), and the new blobs and trees written as loose objects (`write_loose`).

The ids are computed here (SHA-1 or SHA-256, as the repository uses). Git's `hash-object -w`
would hash each new object twice with its collision-detecting SHA-1 and deflate it: for the
5.6 MB `examples` tree of 100,000 incidents that is 60-80 ms on the bench VM, most of a commit,
and two processes more for every commit. Trees are immutable by id, so `TreeCache` keeps the
ones read and written (the service's own last `examples` tree above all) and the next commit
reads none. The trees made are the ones git makes (tests/graph/git/test_committer.py checks
them against git's index and `git fsck`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from graph.git.plumbing import GitFailed, cat_objects, git_text

TREE_MODE = b"40000"
FILE_MODE = b"100644"
EXECUTABLE_MODE = b"100755"
CACHE_BYTES = 16 * 1024 * 1024  # trees kept in memory by id (their bytes)
STORED_BYTES = 1024 * 1024  # an object this big is stored undeflated (`write_loose`)


@dataclass(frozen=True, slots=True)
class ObjectFormat:
    """The repository's object ids: `sha1` (20 bytes) or `sha256` (32 bytes)."""

    name: str

    @property
    def size(self) -> int:
        """Bytes of a binary object id."""
        return hashlib.new(self.name).digest_size

    def object_id(self, kind: str, data: bytes) -> str:
        """The id git gives an object of `kind` (blob, tree) holding `data`."""
        digest = hashlib.new(self.name, f"{kind} {len(data)}\0".encode())
        digest.update(data)
        return digest.hexdigest()


def object_format(repo: Path) -> ObjectFormat:
    """The object format of the repository at `repo` (`git rev-parse --show-object-format`)."""
    return ObjectFormat(git_text(repo, "rev-parse", "--show-object-format") or "sha1")


class RawTree:
    """One tree object's bytes, with the offset of each entry (found once, when first asked)."""

    def __init__(self, data: bytes, id_size: int, offsets: array[int] | None = None) -> None:
        """`data` as `git cat-file tree` prints it; `offsets` when already known."""
        self.data = data
        self._id_size = id_size
        self._offsets = offsets

    @property
    def offsets(self) -> array[int]:
        """Where each entry starts, in order."""
        if self._offsets is None:
            found: array[int] = array("q")
            data, pos, end, skip = self.data, 0, len(self.data), self._id_size + 1
            while pos < end:
                found.append(pos)
                pos = data.index(b"\0", pos) + skip
            self._offsets = found
        return self._offsets

    def entry(self, index: int) -> tuple[bytes, bytes, bytes]:
        """(mode, name, binary id) of entry `index`."""
        start = self.offsets[index]
        space = self.data.index(b" ", start)
        nul = self.data.index(b"\0", space)
        binary = self.data[nul + 1 : nul + 1 + self._id_size]
        return self.data[start:space], self.data[space + 1 : nul], binary

    def find(self, name: bytes) -> int | None:
        """The index of the entry called `name` (a file or a folder), None when there is none."""
        for key in (name, name + b"/"):
            index = self._bisect(key)
            if index < len(self.offsets) and self.entry(index)[1] == name:
                return index
        return None

    def child(self, name: bytes) -> tuple[bytes, str] | None:
        """(mode, hex id) of the entry called `name`, None when there is none."""
        index = self.find(name)
        if index is None:
            return None
        mode, _, binary = self.entry(index)
        return mode, binary.hex()

    def edited(self, changes: Mapping[bytes, tuple[bytes, bytes]]) -> RawTree:
        """A new tree: this one with each `changes` entry (name → (mode, binary id)) written
        in, replacing an entry of the same name whatever its kind."""
        offsets, data, count = self.offsets, self.data, len(self.offsets)
        removed = {i for name in changes if (i := self.find(name)) is not None}
        inserts: dict[int, list[tuple[bytes, bytes]]] = {}
        for name, (mode, sha) in changes.items():
            key = _key(mode, name)
            inserts.setdefault(self._bisect(key), []).append(
                (key, mode + b" " + name + b"\0" + sha)
            )
        view = memoryview(data)
        pieces: list[bytes | memoryview] = []
        new_offsets: array[int] = array("q")
        size = old = 0
        for cut in sorted({*removed, *inserts, count}):
            start, stop = offsets[old] if old < count else len(data), _start(offsets, cut, data)
            pieces.append(view[start:stop])  # the entries kept before the cut, as they were
            new_offsets.extend(_shifted(offsets[old:cut], size - start))
            size += stop - start
            for _, entry in sorted(inserts.get(cut, [])):
                pieces.append(entry)
                new_offsets.append(size)
                size += len(entry)
            old = cut + 1 if cut in removed else cut
        return RawTree(b"".join(pieces), self._id_size, new_offsets)

    def _bisect(self, key: bytes) -> int:
        return bisect_left(range(len(self.offsets)), key, key=self._key_at)

    def _key_at(self, index: int) -> bytes:
        mode, name, _ = self.entry(index)
        return _key(mode, name)


def _key(mode: bytes, name: bytes) -> bytes:
    """What git sorts a tree entry by: its name, a folder's as if it ended in `/`."""
    return name + b"/" if mode == TREE_MODE else name


def _start(offsets: array[int], index: int, data: bytes) -> int:
    return offsets[index] if index < len(offsets) else len(data)


def _shifted(offsets: array[int], delta: int) -> array[int]:
    return offsets if delta == 0 else array("q", (o + delta for o in offsets))


class TreeCache:
    """Trees by id, the most recently used kept up to `budget` bytes."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        """An empty cache."""
        self._trees: OrderedDict[str, RawTree] = OrderedDict()
        self._bytes = 0
        self._budget = budget

    def get(self, sha: str) -> RawTree | None:
        """The tree `sha` when it is kept."""
        tree = self._trees.get(sha)
        if tree is not None:
            self._trees.move_to_end(sha)
        return tree

    def put(self, sha: str, tree: RawTree) -> None:
        """Keep tree `sha`, forgetting the least recently used ones past the budget."""
        if sha in self._trees:
            return
        self._trees[sha] = tree
        self._bytes += len(tree.data)
        while self._bytes > self._budget and len(self._trees) > 1:
            _, dropped = self._trees.popitem(last=False)
            self._bytes -= len(dropped.data)


class TreeWriter:
    """Writes trees of the repository at `repo`: a base tree with files written in."""

    def __init__(self, repo: Path, cache: TreeCache | None = None) -> None:
        """Nothing is read until the first write."""
        self.repo = repo
        self.cache = cache or TreeCache()
        self._format: ObjectFormat | None = None

    @property
    def format(self) -> ObjectFormat:
        """The repository's object format (asked of git once)."""
        if self._format is None:
            self._format = object_format(self.repo)
        return self._format

    def write(
        self, base_tree: str | None, files: Mapping[str, bytes]
    ) -> tuple[str, dict[str, tuple[str, str]]]:
        """The id of a new tree: `base_tree` (None: an empty one) with `files` (path →
        content) written in as regular files (an executable one stays executable), and the
        entries written (path → (mode, blob id)).

        Blobs and trees are written to the object store; no ref, index or file of the
        working tree changes. GitFailed when a base tree cannot be read, OSError when an
        object cannot be written.
        """
        blobs = self.write_blobs(files)
        folders: dict[str, dict[bytes, bytes | None]] = {}
        for path in files:
            parts = path.split("/")
            for depth in range(len(parts)):
                folder = "/".join(parts[:depth])
                folders.setdefault(folder, {})
                if depth + 1 < len(parts):
                    folders[folder].setdefault(parts[depth].encode(), None)  # a subfolder
            folders["/".join(parts[:-1])][parts[-1].encode()] = bytes.fromhex(blobs[path])
        made: list[tuple[str, RawTree]] = []
        entries: dict[str, tuple[str, str]] = {}
        root = self._edit("", base_tree, folders, made, entries)
        self._store_trees(made)
        return root, entries

    def write_blobs(self, files: Mapping[str, bytes]) -> dict[str, str]:
        """Path → id of each file's content, written as blobs exactly as given."""
        ids = {}
        for path, data in files.items():
            ids[path] = self.format.object_id("blob", data)
            write_loose(self._objects, ids[path], "blob", data)
        return ids

    def read(self, sha: str) -> RawTree:
        """Tree `sha`, from the cache or the object store; GitFailed when it is no tree."""
        return self.read_many([sha])[sha]

    def read_many(self, shas: Iterable[str]) -> dict[str, RawTree]:
        """Trees by id, the ones not kept read by one `git cat-file --batch`."""
        found = {sha: tree for sha in shas if (tree := self.cache.get(sha)) is not None}
        missing = [sha for sha in dict.fromkeys(shas) if sha not in found]
        for sha, (kind, data) in cat_objects(self.repo, missing).items():
            if kind != "tree":
                raise GitFailed("cat-file", f"{sha} is a {kind}, not a tree")
            found[sha] = RawTree(data, self.format.size)
            self.cache.put(sha, found[sha])
        lost = [sha for sha in missing if sha not in found]
        if lost:
            raise GitFailed("cat-file", f"tree {lost[0]} is missing")
        return found

    def _edit(
        self,
        folder: str,
        base: str | None,
        folders: dict[str, dict[bytes, bytes | None]],
        made: list[tuple[str, RawTree]],
        entries: dict[str, tuple[str, str]],
    ) -> str:
        """The id of `folder`'s new tree (its base tree `base`, None when it is new); the
        files written in it are added to `entries`."""
        tree = RawTree(b"", self.format.size, array("q")) if base is None else self.read(base)
        changes: dict[bytes, tuple[bytes, bytes]] = {}
        for name, blob in folders[folder].items():
            old = tree.child(name)
            path = f"{folder}/{name.decode()}" if folder else name.decode()
            if blob is not None:
                mode = EXECUTABLE_MODE if old and old[0] == EXECUTABLE_MODE else FILE_MODE
                changes[name] = (mode, blob)
                entries[path] = (mode.decode(), blob.hex())
                continue
            sub_base = old[1] if old and old[0] == TREE_MODE else None
            sub = self._edit(path, sub_base, folders, made, entries)
            changes[name] = (TREE_MODE, bytes.fromhex(sub))
        new = tree.edited(changes)
        sha = self.format.object_id("tree", new.data)
        made.append((sha, new))
        return sha

    def _store_trees(self, made: list[tuple[str, RawTree]]) -> None:
        """Write the new trees and keep them."""
        for sha, tree in made:
            write_loose(self._objects, sha, "tree", tree.data)
            self.cache.put(sha, tree)

    @property
    def _objects(self) -> Path:
        return self.repo / ".git" / "objects"


def write_loose(objects: Path, sha: str, kind: str, data: bytes) -> None:
    """Store `data` as the loose object `sha` of `kind` in the object folder `objects`.

    Git's loose format (gitformat-loose): `<kind> <size>` NUL `<data>`, deflated, at
    `objects/<2 hex>/<rest>`, read-only, written under a temporary name and renamed into place.
    Deflated at level 1, as git does, below STORED_BYTES; stored (level 0) from there: level 1
    takes ~50 ms for a 5.6 MB tree, level 0 ~10 ms and twice the disk until `git gc` packs it.
    An object already there is left as it is.
    """
    target = objects / sha[:2] / sha[2:]
    if target.exists():
        return
    target.parent.mkdir(exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix="tmp_obj_", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            deflate = zlib.compressobj(0 if len(data) >= STORED_BYTES else 1)
            out.write(deflate.compress(f"{kind} {len(data)}\0".encode()))
            out.write(deflate.compress(data))
            out.write(deflate.flush())
        os.chmod(temporary, 0o444)
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
