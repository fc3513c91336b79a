from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """One public record as the search sees it: its texts, its facets and its
    embedding. Only public records have text here; a record that stops being
    public keeps its row with ``hidden`` set and its texts emptied, so that
    every process's in-memory index learns of it by ``seq`` (see README)."""

    kind = models.CharField(max_length=20)  # "activity" | "recommendation"
    object_id = models.BigIntegerField()
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    # Chinese (and other CJK) text as overlapping character pairs and single
    # characters, so 1–2 character words are found without a segmenter.
    cjk = models.TextField(blank=True)
    # Accents and case folded, for PostgreSQL's "simple" configuration.
    folded = models.TextField(blank=True)
    language = models.CharField(max_length=10, default="en")
    date = models.DateField(null=True, blank=True)
    # single-valued facets
    cycle = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.CharField(max_length=20, blank=True)
    modality = models.CharField(max_length=30, blank=True)
    cooperation_type = models.CharField(max_length=20, blank=True)
    funding_source = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, blank=True)
    # multi-valued facets: {"country": ["SVN"], "theme": [...], ...}
    facets = models.JSONField(default=dict, blank=True)
    embedding = models.BinaryField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    seq = models.BigIntegerField(default=0, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_doc_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class SearchTerm(models.Model):
    """Words of the index with their document frequency, for "did you mean"."""

    term = models.CharField(max_length=80, unique=True)
    df = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.term


class SearchCounter(models.Model):
    """The last ``seq`` handed out; one row."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
