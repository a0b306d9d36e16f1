"""Production refuses to start on weak or unsafe settings, and says exactly which and why."""

from __future__ import annotations

import tempfile

import pytest
from flask.helpers import get_debug_flag

from regstatus import create_app
from regstatus.config import DEV_SECRET_KEY, ConfigError, load_settings

# As `python -c "import secrets; print(secrets.token_urlsafe(32))"` prints.
STRONG_KEY = "6DkIkOeM-zgstswFIzh-zsa9BbQtx4QRACFQhJM68aA"


@pytest.fixture
def production(tmp_path, monkeypatch):
    """Sound production settings in the environment; call it with overrides to load them."""
    for name in ("FLASK_DEBUG", "RATE_LIMIT", "TRUSTED_PROXIES", "SEED_DIR", "ALLOWED_HOSTS", "WERKZEUG_DEBUG_PIN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REGSTATUS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DATABASE_URL", "postgresql://regstatus@db.internal/regstatus")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://kratom.example.org")
    return lambda **overrides: load_settings(str(tmp_path), overrides)


def refusal(production, **overrides) -> str:
    with pytest.raises(ConfigError) as caught:
        production(**overrides)
    return str(caught.value)


def test_sound_production_settings_start(production):
    settings = production()
    assert settings["REGSTATUS_ENV"] == "production"
    assert settings["SECRET_KEY"] == STRONG_KEY
    assert settings["RATELIMIT_ENABLED"] is True


@pytest.mark.parametrize(
    "key",
    [
        "6DkIkOeM-zgstswFIzh-zsa9BbQtx4QRACFQhJM68aA",  # secrets.token_urlsafe(32)
        "9f2c4e1a7b3d5f60819a2b3c4d5e6f70",  # secrets.token_hex(16): 32 characters of 16 symbols
        "0e109b11e6c7ebe600be9c10e6e3991b",  # a real token_hex(16) with only 9 distinct characters
        "c0ffee00c0ffee11d00d22aa33bb44ccdd55ee66ff77889900aabbccddeeff01",  # token_hex(32)-like
    ],
)
def test_random_looking_keys_pass(production, monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    assert production()["SECRET_KEY"] == key


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "SECRET_KEY is not set"),
        (" " * 32, "SECRET_KEY is only whitespace"),
        ("\t \n " * 10, "SECRET_KEY is only whitespace"),
        (DEV_SECRET_KEY, "SECRET_KEY is the development key"),
        ("Q7x-short-but-random", "SECRET_KEY has 20 characters"),
        ("  " + "Zr8#kQ2!mW5@pL9$vB3" + " " * 14, "SECRET_KEY has 19 characters"),  # padding does not count
        ("x" * 40, "SECRET_KEY uses only 1 distinct character"),
        ("ab" * 20, "SECRET_KEY uses only 2 distinct characters"),
        ("password" * 4, "SECRET_KEY uses only 7 distinct characters"),
        ("0123456789abcdef" * 2, "SECRET_KEY repeats a 16-character pattern"),
        ("changeme-changeme-changeme-changeme", "SECRET_KEY repeats a 9-character pattern"),
        ("a" * 30 + "bcdefghij", "SECRET_KEY has about 59 bits of entropy"),
    ],
)
def test_weak_secret_keys_are_refused(production, monkeypatch, key, problem):
    monkeypatch.setenv("SECRET_KEY", key)
    message = refusal(production)
    assert problem in message
    if key.strip():
        assert key.strip() not in message  # the key itself never reaches a log


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on", "off", "2"])
def test_flask_debug_in_any_truthy_form_is_refused(production, monkeypatch, value):
    monkeypatch.setenv("FLASK_DEBUG", value)
    assert f"FLASK_DEBUG={value!r} turns on debug mode" in refusal(production)


@pytest.mark.parametrize("value", ["", "0", "false", "FALSE", "no"])
def test_flask_debug_off_is_accepted(production, monkeypatch, value):
    monkeypatch.setenv("FLASK_DEBUG", value)
    assert production()["REGSTATUS_ENV"] == "production"


@pytest.mark.parametrize("value", ["", "0", "1", "false", "no", "No", "off", "true", "yes", " 0"])
def test_flask_debug_is_read_as_flask_reads_it(production, monkeypatch, value):
    """The guard and Flask agree on every value, so no spelling gets debug past it."""
    monkeypatch.setenv("FLASK_DEBUG", value)
    try:
        production()
        refused = False
    except ConfigError:
        refused = True
    assert refused == get_debug_flag()


def test_debug_set_by_code_is_refused(production):
    assert "DEBUG=True turns on debug mode" in refusal(production, DEBUG=True)


def test_create_app_in_debug_is_refused(production, monkeypatch):
    """`flask --debug run` sets FLASK_DEBUG=1 before the app is made; app.debug would follow it."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        create_app()


@pytest.mark.parametrize(
    "url",
    ["sqlite:////tmp/regstatus.db", "sqlite:////var/tmp/regstatus.db", "sqlite:////dev/shm/regstatus.db"],
)
def test_sqlite_in_a_temporary_folder_is_refused(production, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    path = url.removeprefix("sqlite:///")
    assert f"DATABASE_URL is a SQLite file in a temporary folder ({path}, under " in refusal(production)


def test_sqlite_in_the_configured_temporary_folder_is_refused(production, monkeypatch, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # what TMPDIR sets
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{scratch}/regstatus.db")
    assert "temporary folder" in refusal(production)


def test_relative_sqlite_path_is_resolved_before_the_check(production, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # pytest's tmp_path lives under the temporary folder
    monkeypatch.setenv("DATABASE_URL", "sqlite:///regstatus.db")
    assert "temporary folder" in refusal(production)


def test_default_sqlite_in_a_temporary_instance_folder_is_refused(production, monkeypatch):
    monkeypatch.delenv("DATABASE_URL")
    assert "DATABASE_URL is a SQLite file in a temporary folder" in refusal(production)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_sqlite_in_memory_is_refused(production, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    assert "DATABASE_URL is a SQLite database in memory" in refusal(production)


def test_sqlite_in_a_lasting_folder_is_accepted(production, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/regstatus/regstatus.db")
    assert production()["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/regstatus/regstatus.db"


@pytest.mark.parametrize("env", ["prod", "Production", "staging", "", " production"])
def test_unknown_environments_are_refused_by_name(tmp_path, monkeypatch, env):
    monkeypatch.setenv("REGSTATUS_ENV", env)
    with pytest.raises(ConfigError) as caught:
        load_settings(str(tmp_path), {})
    assert f"REGSTATUS_ENV must be `development` or `production`, not {env!r}" in str(caught.value)


def test_testing_cannot_be_chosen_from_the_environment(tmp_path, monkeypatch):
    """A deployment cannot reach `testing` (no checks, no limiter) by an environment variable."""
    monkeypatch.setenv("REGSTATUS_ENV", "testing")
    with pytest.raises(ConfigError, match="REGSTATUS_ENV=testing is only for the test suite"):
        load_settings(str(tmp_path), {})


def test_testing_cannot_override_a_production_environment(production):
    assert "the environment says production" in refusal(production, REGSTATUS_ENV="testing")


def test_the_test_suite_still_gets_testing(tmp_path, monkeypatch):
    monkeypatch.delenv("REGSTATUS_ENV", raising=False)
    settings = load_settings(str(tmp_path), {"REGSTATUS_ENV": "testing"})
    assert settings["REGSTATUS_ENV"] == "testing"
    assert settings["RATELIMIT_ENABLED"] is False


def test_every_problem_is_named_at_once(production, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", " " * 32)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/regstatus.db")
    monkeypatch.delenv("REDIS_URL")
    message = refusal(production)
    for setting in ("SECRET_KEY", "FLASK_DEBUG", "DATABASE_URL", "REDIS_URL"):
        assert f"\n- {setting}" in message
