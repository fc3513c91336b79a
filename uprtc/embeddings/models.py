from __future__ import annotations

from django.db import models


class StoredVector(models.Model):
    """The embedding of one record's text by one model.

    ``version`` says which weights made it (a new version makes it stale) and
    ``digest`` which text (an edit makes it stale): ``uprtc embed`` recomputes
    exactly the stale and missing ones, so it resumes where it was killed."""

    kind = models.CharField(max_length=20)  # recommendation|activity|request|offer
    object_id = models.BigIntegerField()
    model = models.CharField(max_length=20)
    version = models.CharField(max_length=60)
    digest = models.CharField(max_length=40)
    vector = models.BinaryField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "kind", "object_id"], name="stored_vector_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.kind} {self.object_id}"
