"""The rules every spreadsheet download shares, whichever list or report it comes from."""

import csv
import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from core.spreadsheets import csv_bytes, download, spreadsheet_safe, xlsx_bytes


def test_csv_apostrophe_only_where_a_formula_would_start():
    assert spreadsheet_safe("+39 348 123 4567") == "+39 348 123 4567"
    assert spreadsheet_safe("-5") == "-5"
    assert spreadsheet_safe("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert spreadsheet_safe("-2+3+cmd") == "'-2+3+cmd"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("\t=1+1") == "'\t=1+1"
    assert spreadsheet_safe("Desio") == "Desio"


def test_csv_opens_in_italian_excel_with_every_field_quoted():
    evening = timezone.make_aware(datetime.datetime(2026, 3, 9, 18, 30))
    content = csv_bytes(
        [
            ["Comune", "Tasso", "Righe", "Quando", "Giorno", "Vuoto"],
            ["=1+1", 58.9, 12, evening, datetime.date(2026, 3, 9), None],
            [],
        ]
    )
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=1+1";"58,9";"12";"09/03/2026 18:30";"09/03/2026";""'
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[2] == []


def test_csv_shows_times_as_read_in_rome():
    winter = datetime.datetime(2026, 1, 15, 17, 0, tzinfo=datetime.UTC)
    assert "15/01/2026 18:00" in csv_bytes([[winter]]).decode("utf-8-sig")


def test_xlsx_keeps_text_as_text_figures_as_numbers_and_dates_as_dates():
    evening = timezone.make_aware(datetime.datetime(2026, 3, 9, 18, 30))
    content = xlsx_bytes(
        "Richieste",
        [["=1+1", 58.9, 12, evening], [], ["dopo una riga vuota", None, 0, None]],
        header=["Testo", "Tasso", "Righe", "Quando"],
        widths=[40, 12],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Richieste"
    assert sheet["A1"].value == "Testo" and sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 58.9 and sheet["C2"].value == 12
    assert sheet["D2"].value == datetime.datetime(2026, 3, 9, 18, 30)
    assert sheet["A3"].value is None
    assert sheet["A4"].value == "dopo una riga vuota" and sheet["C4"].value == 0
    assert sheet.column_dimensions["A"].width == 40


def test_download_is_an_attachment_named_with_its_kind():
    response = download(b"x", "xlsx", "rapporto-2026-01-01-2026-12-31")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="rapporto-2026-01-01-2026-12-31.xlsx"'
    )
    assert download(b"x", "csv", "adesioni")["Content-Type"] == "text/csv; charset=utf-8"
