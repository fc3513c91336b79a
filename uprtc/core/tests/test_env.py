import pytest
from django.core.exceptions import ImproperlyConfigured

from uprtc.env import env_bool, env_int, env_list, env_str


def test_it_reads_booleans_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='ture' is not a boolean"):
        env_bool("X_FLAG")


def test_it_requires_required_values(monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_SECRET is required"):
        env_str("X_SECRET", required=True)


def test_it_reads_secrets_from_files(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_str("X_SECRET", required=True) == "s3cret"


def test_it_rejects_non_integers_and_splits_lists(monkeypatch):
    monkeypatch.setenv("X_PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="X_PORT"):
        env_int("X_PORT", 1)
    monkeypatch.setenv("X_HOSTS", "a.org, b.org,,")
    assert env_list("X_HOSTS") == ["a.org", "b.org"]
