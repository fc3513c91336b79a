"""`uprtc check --deploy` under a production environment: our settings
(gunicorn, static files, cache, queue, logs) add no warning."""

import os
import re
import subprocess
import sys

# HSTS and the HTTPS redirect are set in the security settings of another change
NOT_OURS = {"security.W004", "security.W008"}


def test_a_production_environment_passes_check_deploy(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "TASKS_INLINE", "LOG_FORMAT"}
    }
    env.update(
        SECRET_KEY="k" * 30 + "-production-secret-of-fifty-chars",
        ALLOWED_HOSTS="uprtc.example.org",
        # the check does not connect: any PostgreSQL address will do
        DATABASE_URL="postgres://uprtc@127.0.0.1:5432/uprtc",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_HOST="smtp.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from uprtc.cli import main; main()",
            "check",
            "--deploy",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "System check identified" in done.stdout + done.stderr
    found = set(re.findall(r"\(([\w.]+\.[EW]\d+)\)", done.stdout + done.stderr))
    assert found <= NOT_OURS, done.stdout + done.stderr
