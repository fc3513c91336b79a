"""Jobs a worker runs in the background: coordinated plans, report builds.

A job row is the job's state, shared by the page that queued it and the worker
that runs it. Its life: QUEUED → RUNNING (claimed) → DONE or FAILED. Each
subclass of :class:`Job` gets the fields and this shared logic:

* :meth:`Job.claim` / :meth:`Job.claim_next` take a queued job with a
  conditional ``UPDATE … WHERE status = 'queued'``: two workers never run the
  same job;
* :meth:`Job.set_progress` records the percentage done and a sign of life
  (``heartbeat_at``);
* :meth:`Job.reclaim_stuck` takes back a RUNNING job whose worker has shown no
  sign of life for ``JOB_STUCK_AFTER`` seconds (the worker was killed, the
  machine restarted): it is queued again, and failed with a message for the
  moderator once it has been started ``max_attempts`` times;
* :meth:`Job.process` does all of it for a worker: reclaim, then claim and run
  each queued job, recording done or failed.

``attempts`` counts the starts of a job and also fences each one: a worker
writes progress and the outcome only while the row still shows the attempt it
started, so a worker that was merely slow, and whose job was taken back, can no
longer overwrite the next attempt (its next progress update raises
:class:`JobLost`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from uprtc.core.model_fields import workflow_state

log = logging.getLogger(__name__)

J = TypeVar("J", bound="Job")
# Runs one claimed job; what it returns is saved on the row with DONE.
RunOne = Callable[[J], Mapping[str, Any] | None]
# Called with the job, inside the transaction that records DONE or FAILED.
Finished = Callable[[J], None]


class JobLost(Exception):
    """The job was taken back from this worker (see :meth:`Job.reclaim_stuck`)."""


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A unit of background work and its state (abstract)."""

    Status = JobStatus
    # starts after which a job whose worker keeps stopping is failed
    max_attempts = 3

    status = workflow_state(JobStatus.QUEUED, max_length=10)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        abstract = True

    @classmethod
    def claim(cls, pk: int) -> bool:
        """Make the queued job ``pk`` RUNNING for this worker; False if another
        worker was first (or it is not queued)."""
        now = timezone.now()
        return bool(
            cls._default_manager.filter(pk=pk, status=JobStatus.QUEUED).update(
                status=JobStatus.RUNNING,
                attempts=F("attempts") + 1,
                started_at=now,
                heartbeat_at=now,
                progress=0,
                finished_at=None,
            )
        )

    @classmethod
    def claim_next(cls: type[J]) -> J | None:
        """The oldest queued job, claimed for this worker; None when none is left."""
        queued = cls._default_manager.filter(status=JobStatus.QUEUED).order_by("pk")
        while (pk := queued.values_list("pk", flat=True).first()) is not None:
            if cls.claim(pk):
                return cls._default_manager.get(pk=pk)
        return None

    @classmethod
    def stuck(cls) -> models.QuerySet[Any]:
        """RUNNING jobs with no sign of life for ``JOB_STUCK_AFTER`` seconds.
        Rows from before heartbeats were recorded count from their creation."""
        cutoff = timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER)
        silent = (
            Q(heartbeat_at__lt=cutoff)
            | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
            | Q(
                heartbeat_at__isnull=True,
                started_at__isnull=True,
                created_at__lt=cutoff,
            )
        )
        return cls._default_manager.filter(silent, status=JobStatus.RUNNING)

    @classmethod
    def reclaim_stuck(cls: type[J], finished: Finished[J] | None = None) -> int:
        """Queue the stuck jobs again, or fail those already started
        ``max_attempts`` times; return how many were taken back."""
        taken = 0
        for job in cls.stuck().order_by("pk"):
            # the same conditions again, in the UPDATE: a worker that shows a
            # sign of life meanwhile, or another worker reclaiming, wins
            mine = cls.stuck().filter(pk=job.pk, attempts=job.attempts)
            if job.attempts < cls.max_attempts:
                taken += job._requeue(mine)
            else:
                taken += job._give_up(mine, finished)
        return taken

    def _requeue(self, mine: models.QuerySet[Any]) -> bool:
        message = gettext(
            "The worker stopped during attempt %(attempt)d of %(max)d; "
            "the job was queued again."
        ) % {"attempt": max(self.attempts, 1), "max": self.max_attempts}
        if not mine.update(status=JobStatus.QUEUED, message=message, progress=0):
            return False
        log.warning("%s %s queued again: its worker stopped", self._meta.label, self.pk)
        return True

    def _give_up(
        self: J, mine: models.QuerySet[Any], finished: Finished[J] | None
    ) -> bool:
        message = ngettext(
            "The worker stopped while running this job (%(n)d attempt); "
            "it is not tried again.",
            "The worker stopped while running this job (%(n)d attempts); "
            "it is not tried again.",
            self.attempts,
        ) % {"n": self.attempts}
        now = timezone.now()
        with transaction.atomic():
            if not mine.update(
                status=JobStatus.FAILED, message=message, finished_at=now
            ):
                return False
            self.status, self.message, self.finished_at = JobStatus.FAILED, message, now
            log.warning(
                "%s %s failed: its worker kept stopping", self._meta.label, self.pk
            )
            if finished:
                finished(self)
        return True

    @classmethod
    def process(
        cls: type[J], run_one: RunOne[J], finished: Finished[J] | None = None
    ) -> int:
        """What a worker does: take back the stuck jobs, then claim each queued
        job in turn and run it with ``run_one``; return how many were run.

        ``run_one(job)`` does the work (reporting with ``job.set_progress``) and
        may return field values to save with DONE; an exception makes the job
        FAILED with its text as the message. ``finished(job)``, e.g. an audit
        entry, is called in the transaction that records either outcome."""
        cls.reclaim_stuck(finished)
        ran = 0
        while (job := cls.claim_next()) is not None:
            job._run(run_one, finished)
            ran += 1
        return ran

    def _run(self: J, run_one: RunOne[J], finished: Finished[J] | None) -> None:
        try:
            fields = dict(run_one(self) or {})
        except Exception as exc:  # the job records any failure for the moderator
            log.exception("%s %s failed", self._meta.label, self.pk)
            self._finish(JobStatus.FAILED, str(exc)[:1000] or repr(exc), {}, finished)
        else:
            self._finish(JobStatus.DONE, "", {**fields, "progress": 100}, finished)

    def _finish(
        self: J,
        status: str,
        message: str,
        fields: dict[str, Any],
        finished: Finished[J] | None,
    ) -> None:
        now = timezone.now()
        values = {
            "status": status,
            "message": message,
            "finished_at": now,
            "heartbeat_at": now,
            **fields,
        }
        with transaction.atomic():
            if not self._attempt().update(**values):
                log.warning(
                    "%s %s was taken back from this worker", self._meta.label, self.pk
                )
                return
            for name, value in values.items():
                setattr(self, name, value)
            if finished:
                finished(self)

    def _attempt(self) -> models.QuerySet[Any]:
        """This row while it is still RUNNING the attempt this instance started."""
        return type(self)._default_manager.filter(
            pk=self.pk, status=JobStatus.RUNNING, attempts=self.attempts
        )

    def set_progress(self, pct: int) -> None:
        """Record ``pct`` % done and a sign of life; raise :class:`JobLost` if
        the job was taken back, so a worker that was thought dead stops."""
        pct, now = max(0, min(100, pct)), timezone.now()
        if not self._attempt().update(progress=pct, heartbeat_at=now):
            raise JobLost(f"{self} is no longer run by this worker")
        self.progress, self.heartbeat_at = pct, now
