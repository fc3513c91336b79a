"""Endpoints of this app, mounted under /api/v1/."""

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router

from uprtc.iati.export import export_iati

router = Router(tags=["iati"])


@router.get(
    "/export/iati.xml",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "IATI 2.03 activity file",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_iati_xml(request: HttpRequest) -> StreamingHttpResponse:
    """Every published activity as an IATI 2.03 activity file (streamed)."""
    response = StreamingHttpResponse(export_iati(), content_type="application/xml")
    response["Content-Disposition"] = 'inline; filename="uprtc-iati-activities.xml"'
    return response
