"""README must tell the truth: these tests fail when the code and README drift apart."""

from __future__ import annotations

import json
import re

import pytest

from surveydash import settings
from surveydash.analytics import event_summary
from surveydash.cli import build_parser
from surveydash.fields import KIND_FIELDS
from surveydash.queries import load_queries

README = (settings.REPO_DIR / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README text under a heading, up to the next heading of the same or higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\s*$", README, flags=re.MULTILINE)
    assert match, f"README has no section '{title}'"
    level = len(match.group(1))
    rest = README[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_readme_quick_start_gives_the_two_commands_and_ci_runs_the_test_one():
    quick_start = section("Quick start")
    assert "make run" in quick_start and "make test" in quick_start
    ci = (settings.REPO_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)


def cli_commands() -> list[str]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    names = []
    for name, sub in subparsers.choices.items():
        nested = [
            a for a in sub._actions if getattr(a, "choices", None) and a.dest.endswith("_command")
        ]
        if nested:
            names.extend(f"{name} {child}" for child in nested[0].choices)
        else:
            names.append(name)
    return names


@pytest.mark.parametrize("command", cli_commands())
def test_readme_documents_every_cli_command(command):
    assert f"`surveydash {command}" in section("Command line")


def test_readme_lists_exactly_the_queries_in_queries_folder():
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", section("Queries"), flags=re.MULTILINE))
    assert listed == set(load_queries())


@pytest.mark.parametrize("kind", sorted(KIND_FIELDS))
def test_readme_documents_each_generic_layout(kind):
    layouts = section("Generic file layouts")
    row = next(line for line in layouts.splitlines() if line.startswith(f"| {kind} |"))
    assert re.findall(r"`([a-z_]+)`", row)[: len(KIND_FIELDS[kind])] == list(KIND_FIELDS[kind])


def test_readme_documents_every_setting():
    documented = section("Settings")
    for name in (settings.DB_ENV_VAR, settings.ANONYMITY_ENV_VAR):
        assert f"`{name}`" in documented
    assert f"`{settings.DEFAULT_ANONYMITY_THRESHOLD}`" in documented


def key_structure(value):
    """The keys of a JSON value, recursively; a list is described by its first element."""
    if isinstance(value, dict):
        return {key: key_structure(item) for key, item in value.items()}
    if isinstance(value, list):
        return [key_structure(value[0])] if value else []
    return None


def test_readme_summary_json_has_the_structure_the_cli_prints(demo_db):
    documented = json.loads(
        re.search(r"```json\n(.*?)```", section("`summary --json`"), flags=re.DOTALL).group(1)
    )
    actual = json.loads(json.dumps(event_summary(demo_db, "krila-2022"), default=str))
    assert key_structure(documented) == key_structure(actual)
    for key in (
        "registrations",
        "registration_countries",
        "attendees",
        "attendee_countries",
        "responses",
    ):
        assert documented[key] == actual[key], key


def matches_example(example, actual) -> bool:
    """Whether README's example value is the actual output, shortened as README shortens it:
    a list shows some of the actual list's items, in order; a text ending in '...' is the
    start of the actual text; everything else is equal."""
    if isinstance(example, dict):
        return isinstance(actual, dict) and all(
            key in actual and matches_example(value, actual[key]) for key, value in example.items()
        )
    if isinstance(example, list):
        remaining = iter(actual) if isinstance(actual, list) else iter(())
        return all(
            any(matches_example(item, candidate) for candidate in remaining) for item in example
        )
    if isinstance(example, str) and example.endswith("..."):
        return isinstance(actual, str) and actual.startswith(example.removesuffix("..."))
    return example == actual


def test_readme_summary_json_example_is_what_the_command_prints_for_the_demo(demo_db_path, capsys):
    from surveydash.cli import main

    command = re.search(
        r"`(surveydash summary [a-z0-9-]+ --json)`", section("`summary --json`")
    ).group(1)
    documented = json.loads(
        re.search(r"```json\n(.*?)```", section("`summary --json`"), flags=re.DOTALL).group(1)
    )
    assert main([*command.split()[1:], "--db", str(demo_db_path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    for key, example in documented.items():
        assert matches_example(example, printed[key]), (
            f"README's `summary --json` example shows {key} = {example!r}; "
            f"the demo gives {printed[key]!r}"
        )


def test_readme_example_check_catches_a_wrong_figure():
    actual = {"ratings": [{"n": 32, "mean": 4.31, "text": "How would you rate it overall?"}]}
    assert matches_example({"ratings": [{"mean": 4.31, "text": "How would you..."}]}, actual)
    assert not matches_example({"ratings": [{"mean": 4.16}]}, actual)
    assert not matches_example({"ratings": [{"text": "Overall..."}]}, actual)


def test_readme_lists_every_source_reader():
    from surveydash.readers import registered_readers

    listed = set(
        re.findall(
            r"^\| `([a-z-]+)` \|",
            section("Sources: files as the tools export them"),
            flags=re.MULTILINE,
        )
    )
    assert listed == set(registered_readers())
