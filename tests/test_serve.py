"""`surveydash serve`: this machine only unless told otherwise, and never a non-local address
without sign-in. Streamlit itself is not started: the command it would run is captured."""

from __future__ import annotations

import subprocess

import pytest

from surveydash import cli, settings


@pytest.fixture
def started(monkeypatch, demo_db_path) -> list:
    """The Streamlit command lines and environments `serve` would start."""
    calls = []

    def fake_call(command, env, cwd):
        calls.append((command, env))
        return 0

    monkeypatch.setattr(subprocess, "call", fake_call)
    monkeypatch.setenv(settings.DB_ENV_VAR, str(demo_db_path))
    return calls


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def serve(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main(["serve", *map(str, argv)])
    except SystemExit as stop:  # serve exits with Streamlit's code
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_serve_listens_on_this_machine_only_by_default(started, capsys):
    code, out, _ = serve(capsys, "--port", 8600)
    assert code == 0
    command, environment = started[0]
    assert option(command, "--server.address") == "127.0.0.1"
    assert "--secrets.files" not in command
    assert settings.SIGN_IN_ENV_VAR not in environment
    assert "on http://127.0.0.1:8600 (this machine only, no sign-in)" in out


def test_serve_refuses_a_non_local_address_without_sign_in(started, capsys):
    code, _, err = serve(capsys, "--address", "0.0.0.0")
    assert code == 1 and not started
    assert "refusing to serve on 0.0.0.0 without sign-in" in err
    assert "Give --auth FILE" in err


def test_serve_with_auth_passes_the_file_where_it_lies_and_turns_sign_in_on(
    started, capsys, tmp_path
):
    auth = tmp_path / "auth.toml"
    auth.write_text(
        "[auth]\n"
        'redirect_uri = "https://dash.example.org/oauth2callback"\n'
        'cookie_secret = "x"\nclient_id = "id"\nclient_secret = "secret"\n'
        'server_metadata_url = "https://login.example.org/.well-known/openid-configuration"\n'
    )
    code, out, err = serve(capsys, "--address", "0.0.0.0", "--auth", auth)
    assert code == 0
    command, environment = started[0]
    assert option(command, "--server.address") == "0.0.0.0"
    assert option(command, "--secrets.files") == str(auth.resolve())
    assert environment[settings.SIGN_IN_ENV_VAR] == "1"
    assert "with sign-in" in out
    assert "has no admin yet" in err


def test_serve_refuses_an_auth_file_without_what_sign_in_needs(started, capsys, tmp_path):
    auth = tmp_path / "auth.toml"
    auth.write_text('[auth]\nclient_id = "id"\n')
    code, _, err = serve(capsys, "--auth", auth)
    assert code == 1 and not started
    assert "lacks redirect_uri, cookie_secret, client_secret, server_metadata_url" in err
    code, _, err = serve(capsys, "--auth", tmp_path / "missing.toml")
    assert code == 1 and "no such file" in err
