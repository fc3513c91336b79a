"""Evidence of a State's decision, served only to those entitled to it.

Uploaded files are never served from MEDIA_URL: whatever a file contains, it
comes as a download, with no type sniffing, and a policy that runs nothing if
a browser renders it anyway."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from uprtc.activities import permissions
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.uploads import CONTENT_TYPES

SANDBOX_POLICY = "default-src 'none'; sandbox"


@login_required
def consent_evidence(request: SignedInRequest, pk: int) -> FileResponse:
    consent = permissions.get_consent_evidence_for_user(request.user, pk)
    extension = consent.evidence.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        consent.evidence.open("rb"),
        as_attachment=True,
        filename=f"consent-{consent.activity_id}-{consent.country.iso3}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
