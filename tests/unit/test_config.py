"""Settings: production refuses weak ones, and every setting is documented in the README."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from regstatus import create_app
from regstatus.config import DEV_SECRET_KEY, SETTINGS_DOC, ConfigError, load_settings

# As `python -c "import secrets; print(secrets.token_urlsafe(32))"` prints.
STRONG_KEY = "6DkIkOeM-zgstswFIzh-zsa9BbQtx4QRACFQhJM68aA"


def test_production_needs_a_strong_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("REGSTATUS_ENV", "production")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DATABASE_URL", "postgresql://regstatus@db.internal/regstatus")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://kratom.example.org")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(str(tmp_path), {})
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(ConfigError):
        load_settings(str(tmp_path), {})
    monkeypatch.setenv("SECRET_KEY", "x" * 40)  # long enough, but one character repeated
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(str(tmp_path), {})
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    assert load_settings(str(tmp_path), {})["SECRET_KEY"] == STRONG_KEY


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
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATABASE_URL", "postgresql://regstatus@db.internal/regstatus")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        load_settings(str(tmp_path), {})


@pytest.fixture
def development(tmp_path, monkeypatch):
    """Development settings with no rate-limit or proxy settings in the environment."""
    for name in ("REGSTATUS_ENV", "RATE_LIMIT", "REPORT_RATE_LIMIT", "TRUSTED_PROXIES", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return lambda **overrides: load_settings(str(tmp_path), overrides)


@pytest.mark.parametrize("value", ["lots", "", "   ", "300", "300 per fortnight", "300 per minute please", "OFF!"])
def test_an_invalid_rate_limit_refuses_to_start(development, monkeypatch, value):
    """Before, any of these started with no limit at all and nothing said so."""
    monkeypatch.setenv("RATE_LIMIT", value)
    with pytest.raises(ConfigError) as caught:
        development()
    assert f"RATE_LIMIT={value!r}" in str(caught.value)


@pytest.mark.parametrize("value", ["lots", "", "5 per fortnight"])
def test_an_invalid_report_rate_limit_refuses_to_start(development, monkeypatch, value):
    monkeypatch.setenv("REPORT_RATE_LIMIT", value)
    with pytest.raises(ConfigError) as caught:
        development()
    assert f"REPORT_RATE_LIMIT={value!r}" in str(caught.value)


def test_the_report_rate_limit_defaults_to_a_few_an_hour_and_may_be_off(development, monkeypatch):
    assert development()["REPORT_RATE_LIMIT"] == "5 per hour;20 per day"
    monkeypatch.setenv("REPORT_RATE_LIMIT", " OFF ")
    assert development()["REPORT_RATE_LIMIT"] == "off"


def test_an_invalid_rate_limit_given_by_code_refuses_to_start(development):
    with pytest.raises(ConfigError, match="RATE_LIMIT='lots'"):
        development(RATE_LIMIT="lots")


def test_an_invalid_rate_limit_stops_create_app(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT", "lots")
    with pytest.raises(ConfigError, match="RATE_LIMIT='lots'"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(
    "value", ["300 per minute", "10/second;1000/hour", "10 per second, 100 per minute", " 5 per 10 seconds "]
)
def test_rate_limits_flask_limiter_reads_are_accepted(development, monkeypatch, value):
    monkeypatch.setenv("RATE_LIMIT", value)
    settings = development()
    assert settings["RATELIMIT_ENABLED"] is True
    assert settings["RATELIMIT_APPLICATION"] == value.strip()


def test_rate_limit_defaults_to_300_per_minute(development):
    settings = development()
    assert settings["RATELIMIT_ENABLED"] is True
    assert settings["RATELIMIT_APPLICATION"] == "300 per minute"


@pytest.mark.parametrize("value", ["off", "OFF", " Off "])
def test_rate_limit_off_is_said_out_loud(development, monkeypatch, caplog, value):
    monkeypatch.setenv("RATE_LIMIT", value)
    with caplog.at_level(logging.WARNING, logger="regstatus.config"):
        settings = development()
    assert settings["RATELIMIT_ENABLED"] is False
    assert settings["RATE_LIMIT"] == "off"
    assert "rate limiting is off (RATE_LIMIT=off)" in caplog.text


def test_trusted_proxies_defaults_to_none(development):
    assert development()["TRUSTED_PROXIES"] == 0


@pytest.mark.parametrize(("value", "hops"), [("0", 0), ("1", 1), (" 2 ", 2)])
def test_trusted_proxies_counts_hops(development, monkeypatch, value, hops):
    monkeypatch.setenv("TRUSTED_PROXIES", value)
    assert development()["TRUSTED_PROXIES"] == hops


@pytest.mark.parametrize("value", ["", "yes", "-1", "1.5", "one"])
def test_trusted_proxies_must_be_a_whole_number(development, monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXIES", value)
    with pytest.raises(ConfigError, match=re.escape(f"TRUSTED_PROXIES={value!r}")):
        development()


def test_database_timeouts_are_settings_and_bound_every_wait(development, monkeypatch):
    url = "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("DATABASE_URL", url)
    defaults = development()["SQLALCHEMY_ENGINE_OPTIONS"]
    assert defaults["pool_timeout"] == 2 and defaults["connect_args"]["connect_timeout"] == 2
    assert "statement_timeout=2000" in defaults["connect_args"]["options"]
    assert defaults["connect_args"]["regstatus_wait_limit_s"] == 3
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "5")
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT", "0.5")
    chosen = development()["SQLALCHEMY_ENGINE_OPTIONS"]
    assert chosen["pool_timeout"] == 5 and chosen["connect_args"]["connect_timeout"] == 5
    assert "statement_timeout=500" in chosen["connect_args"]["options"]
    assert chosen["connect_args"]["regstatus_wait_limit_s"] == 1.5


@pytest.mark.parametrize("value", ["0", "soon", "-1"])
def test_a_database_timeout_must_end(development, monkeypatch, value):
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT", value)
    with pytest.raises(ConfigError, match="DB_STATEMENT_TIMEOUT"):
        development()
