"""Settings: production refuses weak ones, and every setting is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regstatus.config import DEV_SECRET_KEY, SETTINGS_DOC, ConfigError, load_settings


def test_production_needs_a_strong_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("REGSTATUS_ENV", "production")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(str(tmp_path), {})
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(ConfigError):
        load_settings(str(tmp_path), {})
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert load_settings(str(tmp_path), {})["SECRET_KEY"] == "x" * 40


def test_development_defaults_to_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REGSTATUS_ENV", raising=False)
    settings = load_settings(str(tmp_path), {})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'regstatus.db'}"


def test_postgres_urls_use_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    settings = load_settings(str(tmp_path), {})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert settings["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_unknown_environment_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("REGSTATUS_ENV", "prod")
    with pytest.raises(ConfigError):
        load_settings(str(tmp_path), {})


def test_every_setting_is_documented_in_the_readme():
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.M))
    assert documented == set(SETTINGS_DOC)


def test_every_setting_read_is_declared():
    source = (Path(__file__).parents[2] / "regstatus" / "config.py").read_text()
    read = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    assert read <= set(SETTINGS_DOC)


def test_production_needs_shared_rate_limit_storage(tmp_path, monkeypatch):
    monkeypatch.setenv("REGSTATUS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "y" * 40)
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        load_settings(str(tmp_path), {})
