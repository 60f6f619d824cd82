"""Certificates of attendance: the rule an event sets, and the list of exactly the attendees who
meet it, as CSV or XLSX; and XLSX tables in which no cell is ever a formula."""

from __future__ import annotations

import csv
import io
import logging

import openpyxl
import pandas as pd
import pytest

from surveydash import cli
from surveydash.table_files import csv_bytes, xlsx_bytes
from tests.conftest import write_csv

REGISTRATIONS = """email,first_name,last_name
ana@example.org,Ana,Silva
ben@example.org,Ben,Okafor
chen@example.org,Chen,Li
dia@example.org,Dia,Ndiaye
"""
# Day 1 and Day 2 of a two-day event. Ana: 2 sessions, 150 minutes; Ben: 1 session, 90
# minutes (two joins); Chen: 2 sessions, 40 minutes; Dia registered and never came; Eve
# attended without registering (no name) for 70 minutes.
ATTENDANCE = """email,minutes,session
ana@example.org,80,Day 1
ana@example.org,70,Day 2
ben@example.org,30,Day 1
ben@example.org,60,Day 1
chen@example.org,20,Day 1
chen@example.org,20,Day 2
eve@example.org,70,Day 2
"""


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def workshop(tmp_path, capsys):
    path = tmp_path / "workshop.duckdb"
    steps = [
        ["event", "add", "workshop-2024", "--title", "Workshop", "--start", "2024-03-04"],
        ["import", write_csv(tmp_path / "r.csv", REGISTRATIONS), "--event", "workshop-2024",
         "--kind", "registrations"],
        ["import", write_csv(tmp_path / "a.csv", ATTENDANCE), "--event", "workshop-2024",
         "--kind", "attendance"],
    ]  # fmt: skip
    for step in steps:
        code, _, err = run(capsys, *step, "--db", path)
        assert code == 0, err
    return path


def listed(path) -> list[tuple[str, str, str, str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [tuple(row.values()) for row in csv.DictReader(file)]


def test_certificates_list_exactly_the_attendees_with_enough_minutes(workshop, tmp_path, capsys):
    code, out, _ = run(
        capsys, "event", "set", "workshop-2024", "--certificate-minutes", "60", "--db", workshop
    )
    assert code == 0
    assert "attendees with at least 60 minutes attended in all" in out
    code, out, _ = run(
        capsys, "certificates", "workshop-2024", "--out", tmp_path / "c.csv", "--db", workshop
    )
    assert (code, out) == (
        0,
        f"Wrote 3 people who qualify for a certificate to {tmp_path}/c.csv.\n",
    )
    assert listed(tmp_path / "c.csv") == [
        # by last name; Eve attended without registering: her name is not known (last)
        ("Ben", "Okafor", "ben@example.org", "90", "1"),
        ("Ana", "Silva", "ana@example.org", "150", "2"),
        ("", "", "eve@example.org", "70", "1"),
    ]


def test_certificates_by_sessions_and_as_xlsx(workshop, tmp_path, capsys):
    run(capsys, "event", "set", "workshop-2024", "--certificate-sessions", "2", "--db", workshop)
    code, _, _ = run(
        capsys, "certificates", "workshop-2024", "--out", tmp_path / "c.xlsx", "--db", workshop
    )
    assert code == 0
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx").active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["First name", "Last name", "E-mail", "Minutes attended", "Sessions attended"],
        ["Chen", "Li", "chen@example.org", 40, 2],
        ["Ana", "Silva", "ana@example.org", 150, 2],
    ]


def test_making_the_list_is_logged_without_names(workshop, tmp_path, capsys, caplog):
    run(capsys, "event", "set", "workshop-2024", "--certificate-minutes", "60", "--db", workshop)
    with caplog.at_level(logging.INFO, logger="surveydash.certificates"):
        run(capsys, "certificates", "workshop-2024", "--out", tmp_path / "c.csv", "--db", workshop)
    [record] = caplog.records
    assert "certificate list of event workshop-2024" in record.getMessage()
    assert "3 people (at least 60 minutes attended in all)" in record.getMessage()
    assert "Silva" not in record.getMessage() and "@" not in record.getMessage()


def test_certificates_need_a_rule_and_a_known_format(workshop, tmp_path, capsys):
    code, _, err = run(
        capsys, "certificates", "workshop-2024", "--out", tmp_path / "c.csv", "--db", workshop
    )
    assert code == 1 and "event 'workshop-2024' has no certificate rule yet" in err
    code, _, err = run(
        capsys, "certificates", "workshop-2024", "--out", tmp_path / "c.pdf", "--db", workshop
    )
    assert code == 1 and "c.pdf: the list is written as .csv or .xlsx" in err
    code, _, err = run(
        capsys, "event", "set", "workshop-2024", "--certificate-minutes", "0", "--db", workshop
    )
    assert code == 1 and "the minimum must be a whole number of at least 1" in err
    code, _, err = run(
        capsys, "event", "set", "nope", "--certificate-minutes", "5", "--db", workshop
    )
    assert code == 1 and "unknown event id 'nope'" in err
    assert not list(tmp_path.glob("c.*"))


# -- table files -----------------------------------------------------------------------------


FORMULAS = pd.DataFrame(
    {
        "Answer": ['=HYPERLINK("http://example.org","x")', "+1", "-2", "@SUM(A1)", "http://a.org"],
        "n": [1, 2, 3, 4, 5],
    }
)


def test_xlsx_cells_are_never_formulas_or_links():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(FORMULAS, "Answers")))
    sheet = book["Answers"]
    cells = [sheet.cell(row=row, column=1) for row in range(2, 7)]
    assert [cell.value for cell in cells] == list(FORMULAS["Answer"])
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(cell.hyperlink is None for cell in cells)
    assert [sheet.cell(row=row, column=2).value for row in range(2, 7)] == [1, 2, 3, 4, 5]


def test_csv_cells_that_look_like_formulas_open_as_text():
    text = csv_bytes(FORMULAS).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text and "'@SUM" in text


def test_the_demos_certificates_list_exactly_its_attendees_of_half_an_hour(
    demo_db_path, tmp_path, capsys
):
    """The bar's command on the demo: KRILA's rule is the demo's (30 minutes in all); the list
    is exactly the people whose joins in data/demo/krila-2022/attendance.csv add up to that."""
    import collections
    import csv as csv_module
    import shutil

    from surveydash import cli
    from surveydash.demo import DEMO_CERTIFICATE_MINUTES
    from surveydash.settings import DEMO_DIR

    database = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, database)
    minutes = collections.Counter()
    with open(DEMO_DIR / "krila-2022" / "attendance.csv", encoding="utf-8") as handle:
        for row in csv_module.DictReader(handle):
            minutes[row["email"].strip().lower()] += float(row["minutes"] or 0)
    expected = {email for email, total in minutes.items() if total >= DEMO_CERTIFICATE_MINUTES}

    out = tmp_path / "c.csv"
    code = cli.main(["certificates", "krila-2022", "--out", str(out), "--db", str(database)])
    assert code == 0, capsys.readouterr().err
    with open(out, encoding="utf-8-sig") as handle:
        listed = {row["E-mail"].lower() for row in csv_module.DictReader(handle)}
    assert listed == expected and 0 < len(listed) < len(minutes)
