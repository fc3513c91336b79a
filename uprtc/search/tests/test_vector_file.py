"""The machine's vector file: same results as the in-memory index, nothing
stale, written atomically, never read by another database's processes."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date

import numpy as np
import pytest

from uprtc.search import memindex, vectorfile
from uprtc.search.index import next_seq
from uprtc.search.models import SearchCounter, SearchDocument

pytestmark = pytest.mark.django_db

COUNTRIES = ["SVN", "BRA", "KEN", "IND", "FRA"]
THEMES = ["torture", "water", "education", "women", "children"]


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    # the file from a few hundred documents, with its coarse projection
    monkeypatch.setattr(vectorfile, "FILE_FROM", 100)
    monkeypatch.setattr(vectorfile, "COARSE_FROM", 300)
    monkeypatch.setattr(memindex, "RESCORE", 100)
    return tmp_path


def make_corpus(n: int, seed: int = 16, ids: range | None = None) -> np.ndarray:
    """``n`` documents whose vectors gather around 40 topics, as real ones
    do; their float32 vectors in id order."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(40, 512)).astype(np.float32)
    vectors = centers[rng.integers(0, 40, n)] + rng.normal(0, 0.6, (n, 512))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(
        np.float32
    )
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                id=ids[i] if ids else None,
                kind="activity" if i % 3 == 0 else "recommendation",
                object_id=i + 1,
                text=f"document {i}",
                date=date(2012 + i % 14, 1 + i % 12, 1) if i % 3 == 0 else None,
                response="supported" if i % 4 else "noted",
                cycle=1 + i % 4,
                facets={
                    "country": [COUNTRIES[i % 5], COUNTRIES[(i + 2) % 5]][
                        : 1 + (i % 7 == 0)
                    ],
                    "theme": [THEMES[(i // 5) % 5]],
                },
                embedding=vectors[i].tobytes(),
                seq=1,
            )
            for i in range(n)
        ]
    )
    SearchCounter.objects.update_or_create(pk=1, defaults={"value": 1})
    return vectors


def in_memory_index() -> memindex.MemoryIndex:
    """Today's index: every document in this process's float32 arrays."""
    index = memindex.MemoryIndex()
    index.ident = "in-memory only"
    index.path = vectorfile.directory() / "none.vec"
    index.memory.load(vectorfile.newest_seq())
    return index


def top(index: memindex.MemoryIndex, query: np.ndarray, k: int = 10) -> list[int]:
    scores = np.where(index.mask(None, {}), index.similarity(query), -np.inf)
    rows = np.argsort(-scores, kind="stable")[:k]
    return [int(i) for i in index.object_ids[rows]]


def change(object_id: int, **values) -> None:
    values["seq"] = next_seq()
    SearchDocument.objects.filter(kind="activity", object_id=object_id).update(**values)


def test_a_large_corpus_gets_a_file_and_a_small_one_none(var_dir, monkeypatch):
    make_corpus(150)
    monkeypatch.setattr(vectorfile, "FILE_FROM", 1000)
    assert len(memindex.current()) == 150
    assert not (var_dir / "vectors").exists() or not list(
        (var_dir / "vectors").glob("*.vec")
    )
    memindex.reset()
    monkeypatch.setattr(vectorfile, "FILE_FROM", 100)
    index = memindex.current()
    assert index.snapshot is not None and index.snapshot.rows == 150
    assert len(index.memory) == 0
    assert list((var_dir / "vectors").glob("*.vec")) == [index.path]


def queries(vectors: np.ndarray, n: int = 30) -> list[np.ndarray]:
    """Near one of the documents, as a query that finds it is."""
    rng = np.random.default_rng(3)
    out = []
    for i in rng.choice(len(vectors), n, replace=False):
        query = vectors[i] + rng.normal(0, 0.03, 512).astype(np.float32)
        out.append(query / np.linalg.norm(query))
    return out


def test_the_file_gives_the_top_ten_of_the_float32_index(monkeypatch):
    monkeypatch.setattr(vectorfile, "STORAGE", "float32")
    vectors = make_corpus(1200)
    exact = in_memory_index()
    assert exact.snapshot is None
    mapped = memindex.current()
    assert mapped.snapshot is not None and mapped.snapshot.projection is not None
    for query in queries(vectors):
        expected = [int(x) + 1 for x in np.argsort(-(vectors @ query))[:10]]
        assert top(exact, query) == expected
        assert top(mapped, query) == expected


def test_float16_swaps_only_near_ties_of_the_top_ten():
    vectors = make_corpus(1200)
    mapped = memindex.current()
    assert mapped.snapshot.storage == "float16"
    same = 0
    for query in queries(vectors):
        scores = vectors @ query
        expected = [int(x) + 1 for x in np.argsort(-scores)[:10]]
        got = top(mapped, query)
        same += got == expected
        # what differs is within float16's rounding of a cosine
        got_scores = scores[np.array(got) - 1]
        assert np.allclose(got_scores, scores[np.array(expected) - 1], atol=1e-3)
    assert same >= 27


def test_filters_and_counts_are_those_of_the_in_memory_index():
    make_corpus(400)
    exact, mapped = in_memory_index(), memindex.current()
    assert mapped.snapshot is not None
    cases = [
        (None, {}),
        ("activity", {}),
        ("recommendation", {"country": ["SVN", "KEN"]}),
        (None, {"theme": ["water"], "response": ["noted"]}),
        (None, {"country": ["XXX"]}),
        ("activity", {"cycle": ["2"], "country": ["BRA"]}),
    ]
    for kind, filters in cases:
        a, b = exact.mask(kind, filters), mapped.mask(kind, filters)
        assert sorted(exact.object_ids[a]) == sorted(mapped.object_ids[b])
        for name in ("country", "theme", "response", "cycle", "kind"):
            assert exact.counts(np.flatnonzero(a), name) == mapped.counts(
                np.flatnonzero(b), name
            )
    rows = np.flatnonzero(mapped.mask("activity", {}))
    assert sorted(exact.dates[np.flatnonzero(exact.mask("activity", {}))]) == sorted(
        mapped.dates[rows]
    )


def test_counts_of_a_few_rows_read_by_row_are_those_of_the_in_memory_index():
    make_corpus(400)
    exact, mapped = in_memory_index(), memindex.current()
    rng = np.random.default_rng(5)
    for size in (0, 1, 7, 30):  # under an eighth of the rows: read by row
        rows = rng.choice(400, size, replace=False)
        for name in ("country", "theme", "response", "kind"):
            assert exact.counts(rows, name) == mapped.counts(rows, name)


def test_the_file_is_read_again_after_being_unmapped():
    vectors = make_corpus(1200)
    mapped = memindex.current()
    query = queries(vectors, 1)[0]
    first = top(mapped, query)
    mapped.snapshot.release("vectors")
    assert top(mapped, query) == first
    mapped.release()  # the whole file, as after each search
    assert top(mapped, query) == first


def test_a_withdrawal_after_the_file_is_hidden_at_the_next_query():
    vectors = make_corpus(300)
    index = memindex.current()
    assert index.snapshot is not None
    file_seq = index.snapshot.seq
    # activity 4 (document 3), found first for its own vector
    assert top(index, vectors[3], 1) == [4]
    change(4, hidden=True, text="", facets={})
    index = memindex.current()
    assert index.snapshot.seq == file_seq  # the file is as it was
    assert 4 not in top(index, vectors[3], 10)
    assert 4 not in set(index.object_ids[index.mask("activity", {})])
    assert index.row_of[index.doc_ids[0]] == 0


def test_a_change_of_facets_after_the_file_counts_once():
    make_corpus(300)
    index = memindex.current()
    before = dict(index.counts(np.flatnonzero(index.mask(None, {})), "country"))
    # activity 1 was in Slovenia and Kenya; now in Brazil only
    change(1, facets={"country": ["BRA"], "theme": ["water"]})
    index = memindex.current()
    after = dict(index.counts(np.flatnonzero(index.mask(None, {})), "country"))
    assert after["BRA"] == before["BRA"] + 1
    assert after["SVN"] == before["SVN"] - 1
    assert after["KEN"] == before["KEN"] - 1
    assert 1 not in index.object_ids[index.mask("activity", {"country": ["SVN"]})]
    found = index.object_ids[index.mask("activity", {"country": ["BRA"]})]
    assert list(found).count(1) == 1


def test_a_new_file_is_mapped_at_the_next_query_and_the_changes_move_into_it():
    make_corpus(300)
    index = memindex.current()
    first = index.snapshot
    change(1, hidden=True)
    change(4, text="changed")
    index = memindex.current()
    assert len(index.memory) == 2
    # another process (a worker, the command) writes the file again
    vectorfile.build()
    index = memindex.current()
    assert index.snapshot is not first
    assert index.snapshot.seq > first.seq
    assert len(index.memory) == 0
    assert index.snapshot.rows == 299  # hidden documents are not in the file
    assert 1 not in set(index.object_ids[index.mask(None, {})])


def test_a_reader_during_a_build_sees_the_old_file_whole(monkeypatch):
    make_corpus(400)
    index = memindex.current()
    path, old = index.path, index.snapshot.header
    change(1, hidden=True)
    seen = []

    def read_midway(done: int, total: int) -> None:
        snapshot = vectorfile.open_current(path, index.ident)
        seen.append((done, snapshot.seq, snapshot.rows))
        assert float(np.abs(snapshot.exact(np.arange(snapshot.rows))).sum()) > 0

    vectorfile.build(chunk=100, progress=read_midway)
    assert len(seen) == 4
    assert all((seq, rows) == (old["seq"], old["rows"]) for _done, seq, rows in seen)
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []
    assert vectorfile.open_current(path, index.ident).rows == 399


def test_a_build_that_fails_leaves_the_old_file(monkeypatch):
    make_corpus(300)
    index = memindex.current()
    path = index.path
    before = path.read_bytes()

    def fail(done: int, total: int) -> None:
        raise RuntimeError("killed")

    change(1, hidden=True)
    with pytest.raises(RuntimeError):
        vectorfile.build(chunk=100, progress=fail)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []


def relabel(path, identity: str) -> None:
    """The same file, as if built from another database."""
    data = path.read_bytes()
    at = int.from_bytes(data[-8:], "little")
    header = json.loads(data[at:-16])
    header["identity"] = identity
    path.write_bytes(
        data[:at] + json.dumps(header).encode() + vectorfile.MAGIC + data[-8:]
    )


def test_a_file_of_another_database_is_not_read(var_dir):
    make_corpus(300)
    index = memindex.current()
    path, ident = index.path, index.ident
    other = var_dir / "other.vec"
    shutil.copy(path, other)
    relabel(other, "postgresql:127.0.0.1:5432:uprtc:16384")
    assert vectorfile.open_current(other, ident) is None
    assert vectorfile.path_for("postgresql:127.0.0.1:5432:uprtc:16384") != path
    # found under this database's name (copied over it): rebuilt, not read
    os.replace(other, path)
    memindex.reset()
    index = memindex.current()
    assert index.snapshot is not None
    assert index.snapshot.header["identity"] == ident


def test_a_database_gone_back_before_the_file_is_not_read_through_it():
    make_corpus(300)
    index = memindex.current()
    assert index.snapshot is not None
    # a restore: the documents are older than the file
    SearchDocument.objects.update(seq=0)
    index = memindex.current()
    assert index.snapshot.seq == 0
    assert index.snapshot.rows == 300 and len(index) == 300


def test_the_command_builds_and_reports(capsys):
    from django.core.management import call_command

    make_corpus(300)
    call_command("vector-index", "--status")
    assert json.loads(capsys.readouterr().out)["exists"] is False
    call_command("vector-index", "--rebuild")
    call_command("vector-index", "--status")
    status = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert status["rows"] == 300 and status["changed_since"] == 0


@pytest.mark.parametrize("ids", [None, range(10**7, 10**7 + 300 * 997, 997)])
def test_full_text_matches_find_their_rows_with_dense_or_sparse_ids(ids):
    make_corpus(300, ids=ids)
    index = memindex.current()
    assert (index.snapshot.row_by_id is None) == (ids is not None)
    change(4, text="changed")  # now an in-memory row
    index = memindex.current()
    for doc_id, object_id, kind in SearchDocument.objects.values_list(
        "id", "object_id", "kind"
    ):
        assert doc_id in index.row_of
        row = index.row_of[doc_id]
        assert index.object_ids[row] == object_id
        assert index.codes["kind"].values[index.single["kind"][row]] == kind
    assert 3 * 10**7 not in index.row_of and -1 not in index.row_of
    assert index.row_of.get(3 * 10**7) is None


def stored_vectors(ids: range) -> dict[int, np.ndarray]:
    from uprtc import embeddings
    from uprtc.embeddings.models import StoredVector

    rng = np.random.default_rng(len(ids))
    out = {}
    for pk in ids:
        vector = rng.normal(size=384).astype(np.float32)
        out[pk] = vector / np.linalg.norm(vector)
    StoredVector.objects.bulk_create(
        [
            StoredVector(
                kind="recommendation",
                object_id=pk,
                model="e5",
                version=embeddings.get("e5").version,
                digest="x",
                vector=vector.tobytes(),
            )
            for pk, vector in out.items()
        ]
    )
    return out


def test_linking_reads_stored_vectors_of_a_large_corpus_from_a_file():
    from uprtc.embeddings import store
    from uprtc.embeddings.models import StoredVector

    vectors = stored_vectors(range(1, 301))
    matrix = store.matrix("e5", "recommendation")
    assert matrix.file is not None and len(matrix.memory) == 0
    ids = np.array([7, 300, 1, 999])
    rows = matrix.rows(ids)
    assert rows[-1] == -1
    got = matrix.vectors[rows[:3]]
    assert got.dtype == np.float32
    assert np.allclose(got, [vectors[7], vectors[300], vectors[1]], atol=1e-3)
    # recomputed after the file (refresh deletes and inserts): read from the database
    StoredVector.objects.filter(object_id=7).delete()
    new = stored_vectors(range(7, 8))[7]
    matrix = store.matrix("e5", "recommendation")
    row = matrix.rows(np.array([7]))[0]
    assert row >= matrix.base
    assert np.array_equal(matrix.vectors[np.array([row])][0], new)
    # a new file written by another process is mapped at the next call
    store.build_file("e5", "recommendation")
    again = store.matrix("e5", "recommendation")
    assert again.file.key != matrix.file.key and len(again.memory) == 0
    assert np.allclose(again.vectors[again.rows(np.array([7]))], [new], atol=1e-3)


def test_a_small_corpus_of_stored_vectors_stays_in_memory(monkeypatch, var_dir):
    from uprtc.embeddings import store

    monkeypatch.setattr(vectorfile, "FILE_FROM", 1000)
    vectors = stored_vectors(range(1, 301))
    matrix = store.matrix("e5", "recommendation")
    assert matrix.file is None
    assert np.array_equal(matrix.vectors[matrix.rows(np.array([5]))], [vectors[5]])
    assert not list(var_dir.glob("vectors/stored-*"))


def test_the_task_writes_a_new_file_only_when_enough_changed(monkeypatch):
    from uprtc.search.tasks import vector_file

    make_corpus(300)
    first = memindex.current().snapshot
    monkeypatch.setattr(vectorfile, "REBUILD_AFTER", 3)
    assert vector_file()["built"] is False  # nothing changed
    change(1, text="one")
    assert vector_file()["built"] is False  # one change, a young file
    change(4, text="two")
    change(7, text="three")
    assert vector_file()["built"] is True
    index = memindex.current()
    assert index.snapshot.seq > first.seq and len(index.memory) == 0


def test_changes_ask_for_a_new_file_at_most_once_a_minute(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS_INLINE = True
    make_corpus(300)
    memindex.current()
    with django_capture_on_commit_callbacks() as callbacks:
        vectorfile.schedule()
        vectorfile.schedule()
        vectorfile.schedule(local=True)
    # one for the machine that runs the task, one for this machine
    assert len(callbacks) == 2


def test_one_process_of_a_machine_builds_at_a_time():
    import subprocess
    import sys

    make_corpus(300)
    path = memindex.current().path
    # another process holds the machine's lock
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"fh = open({str(path) + '.lock'!r}, 'a')\n"
            "fcntl.flock(fh, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with vectorfile.machine_lock(path, wait=False) as locked:
            assert locked is False
        assert vectorfile.refresh(force=True, wait=False)["built"] is False
    finally:
        holder.kill()
        holder.communicate()
    with vectorfile.machine_lock(path, wait=False) as locked:
        assert locked is True


def test_scoring_on_its_own_thread_gives_the_same_results(monkeypatch):
    from uprtc.search import services

    make_corpus(1200)
    expected = services.search("document 12")
    monkeypatch.setattr(services, "OVERLAP_FROM", 0)
    got = services.search("document 12")
    assert [(h.kind, h.object_id) for h in got.hits] == [
        (h.kind, h.object_id) for h in expected.hits
    ]
    assert got.total == expected.total and got.facets == expected.facets
