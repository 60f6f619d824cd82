"""The outcome report as a person gets it: on the Event report of krila-2022, a real Chromium
clicks the DOCX and the PDF buttons, and the files it saves open and state the report's figures
(the same documents `surveydash report` writes). Likewise an XLSX table and the certificates
list."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pypdf
import pytest
from playwright.sync_api import expect

from tests.browser.dashboard_ui import (
    KRILA,
    expect_page_healthy,
    expect_report_of_krila,
    open_url,
    wait_until_page_has_run,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KRILA_HEADLINE = (
    "The Forum received 693 registrations from 91 countries and was attended by 343 "
    "participants from 50 countries."
)


def download(tab, button_key: str, tmp_path) -> tuple[str, bytes]:
    """Click the download button with this key; the file's suggested name and its bytes."""
    with tab.expect_download() as started:
        tab.locator(f".st-key-{button_key}").get_by_role("button").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    return started.value.suggested_filename, saved.read_bytes()


def test_report_buttons_download_the_docx_and_the_pdf(served_app, page, tmp_path):
    open_url(page, f"{served_app.url}/report?event={KRILA}", "Event report")
    expect_report_of_krila(page)

    name, content = download(page, "download_report_docx", tmp_path)
    assert name == f"{KRILA}-outcome-report.docx"
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert KRILA_HEADLINE in text
    assert "The respondents were from Academic Institutions (37.5%)" in text
    assert len(document.inline_shapes) == 5, "four rating charts and the yes/no chart"
    assert "@" not in text

    name, content = download(page, "download_report_pdf", tmp_path)
    assert name == f"{KRILA}-outcome-report.pdf"
    pdf = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert KRILA_HEADLINE in text
    assert "Q1. How would you rate the Forum overall?" in text
    assert "n = 32 · mean 4.31 / 5 (3.96-4.66) · top-2-box 87.5% (71.9%-95%)" in text
    assert "@" not in text
    expect_page_healthy(page)


def test_a_table_downloads_as_xlsx(served_app, page, tmp_path):
    open_url(page, f"{served_app.url}/report?event={KRILA}", "Event report")
    name, content = download(page, "download_regions_xlsx", tmp_path)
    assert name == f"{KRILA}-by-region.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Region", "Registrants")
    assert sum(row[1] for row in rows[1:]) == 693


def test_certificates_page_downloads_the_list(private_served_app, page, tmp_path):
    open_url(
        page, f"{private_served_app.url}/certificates?event={KRILA}", "Certificates of attendance"
    )
    page.locator(".st-key-certificate_minimum input").fill("60")
    page.locator(".st-key-certificate_save").get_by_role("button").click()
    expect(page.get_by_text("at least 60 minutes attended in all").first).to_be_visible()
    wait_until_page_has_run(page)
    name, content = download(page, "download_certificates_csv", tmp_path)
    assert name == f"{KRILA}-certificates.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "First name",
        "Last name",
        "E-mail",
        "Minutes attended",
        "Sessions attended",
    ]
    assert all(int(row["Minutes attended"]) >= 60 for row in rows)
