"""With LOG_FORMAT=json every request writes one JSON line to standard output
with its request id, method, path, status and duration."""

import json
import os
import subprocess
import sys

SCRIPT = """
import django
django.setup()
from django.test.utils import setup_test_environment
from django.test import Client
setup_test_environment()
response = Client().get("/healthz", HTTP_X_REQUEST_ID="probe-42")
print("END", response.status_code, response["X-Request-ID"], flush=True)
"""


def run(tmp_path, log_format):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uprtc.settings",
        "DEBUG": "1",
        "LOG_FORMAT": log_format,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'log.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


def test_a_request_logs_one_json_line(tmp_path):
    lines = run(tmp_path, "json")
    assert lines[-1] == "END 200 probe-42"
    entries = [json.loads(line) for line in lines[:-1]]
    requests = [e for e in entries if e["logger"] == "uprtc.request"]
    assert len(requests) == 1
    entry = requests[0]
    assert entry["request_id"] == "probe-42"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert entry["level"] == "INFO" and entry["duration_ms"] >= 0


def test_text_logs_are_for_people(tmp_path):
    lines = run(tmp_path, "text")
    assert any(line.endswith("uprtc.request GET /healthz 200") for line in lines)
