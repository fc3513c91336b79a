"""Harvesting from a local HTTP server (no outside network): 200, 304,
timeout, too big, bad XML, filter, and never publishing."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from uprtc.activities.models import Activity
from uprtc.iati.models import HarvestRun, IatiRecord, IatiSource
from uprtc.iati.tests.test_import_iati import FOODSECURITY
from uprtc.iati.tests.test_lenient_import import activity, document

pytestmark = pytest.mark.django_db
ETAG = '"v1"'


class Publisher(BaseHTTPRequestHandler):
    """Serves ``body``; 304 when asked with the current ETag; ``delay``
    seconds before answering."""

    body = b""
    delay = 0.0
    seen: list[dict] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).seen.append(dict(self.headers))
        time.sleep(self.delay)
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT")
        self.end_headers()
        # the client may give up (too big, timeout)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    Publisher.body, Publisher.delay, Publisher.seen = FOODSECURITY.read_bytes(), 0, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Publisher)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/activities.xml"
    httpd.shutdown()
    httpd.server_close()


def harvest(name="donor") -> list[dict]:
    out = StringIO()
    call_command("harvest-iati", "--source", name, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_imports_drafts_then_asks_again_with_a_conditional_get(server):
    source = IatiSource.objects.create(name="donor", location=server)
    (first,) = harvest()
    assert first["outcome"] == "imported" and first["read"] == 7
    assert first["imported"] == 7 and first["needs_states"] == 3
    source.refresh_from_db()
    assert source.etag == ETAG and source.last_summary["imported"] == 7
    assert source.last_run_at is not None
    records = IatiRecord.objects.filter(source=source)
    assert records.count() == 7 and {r.file_name for r in records} == {server}
    assert not Activity.objects.public().exists()  # never publishes

    (second,) = harvest()
    assert second["outcome"] == "not_modified"
    assert Publisher.seen[-1]["If-None-Match"] == ETAG
    assert "If-Modified-Since" in Publisher.seen[-1]
    assert HarvestRun.objects.filter(source=source).count() == 2


def test_a_slow_server_fails_the_run_and_writes_nothing(server, settings):
    settings.IATI_HARVEST_TIMEOUT = 0.3
    Publisher.delay = 1.0
    IatiSource.objects.create(name="donor", location=server)
    (run,) = harvest()
    assert run["outcome"] == "failed" and "0.3 seconds" in run["error"]
    assert not Activity.objects.exists()


def test_a_file_over_the_size_limit_is_refused(server, settings):
    settings.IATI_HARVEST_MAX_BYTES = 1000
    IatiSource.objects.create(name="donor", location=server)
    (run,) = harvest()
    assert run["outcome"] == "failed" and "larger than" in run["error"]
    assert not Activity.objects.exists()


def test_a_file_that_is_not_xml_is_refused_with_its_line(server):
    Publisher.body = b'<iati-activities version="2.03">\n<iati-activity>\n</oops>'
    source = IatiSource.objects.create(name="donor", location=server)
    (run,) = harvest()
    assert run["outcome"] == "failed" and "line 3" in run["error"]
    source.refresh_from_db()
    assert source.etag == ""  # retried next time
    assert not Activity.objects.exists()


def test_the_filter_keeps_only_matching_activities(server):
    Publisher.body = document(
        activity(n=1, title="Juvenile justice reform"),
        activity(n=2, title="Road building").replace('code="15160"', 'code="21020"'),
        activity(n=3, title="Prison monitoring").replace('code="SI"', 'code="FR"'),
    )
    IatiSource.objects.create(
        name="donor",
        location=server,
        sectors="15160, 15150 15170",
        countries="SI",
        keywords="justice, prison",
    )
    (run,) = harvest()
    assert run["read"] == 1 and run["filtered_out"] == 2 and run["imported"] == 1
    assert Activity.objects.get().title == "Juvenile justice reform"


def test_a_local_file_is_harvested_once_until_it_changes(tmp_path):
    path = tmp_path / "activities.xml"
    path.write_bytes(FOODSECURITY.read_bytes())
    IatiSource.objects.create(name="donor", location=str(path))
    assert harvest()[0]["imported"] == 7
    assert harvest()[0]["outcome"] == "not_modified"


def test_an_unknown_source_name_is_an_error():
    with pytest.raises(Exception, match="no IATI source"):
        call_command("harvest-iati", "--source", "nobody", stdout=StringIO())
