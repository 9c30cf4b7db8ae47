"""The as-run log as people take it away: JSON for programs, CSV and XLSX for Excel.

CSV and XLSX are for officers: Vietnamese column names and statuses, station-local times Excel can read,
durations to a tenth of a second, the file as the station knows it. JSON keeps the log's own field names.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from radio.files import atomic_path
from radio.logbook import FIELDS

HEADERS = {"scheduled_at": "Giờ theo lịch", "started_at": "Bắt đầu", "ended_at": "Kết thúc",
           "slot": "Khung giờ", "program": "Chương trình", "item": "Mục", "file": "Tệp",
           "priority": "Mức ưu tiên", "voice": "Giọng đọc", "duration_s": "Thời lượng (giây)",
           "status": "Trạng thái", "reason": "Lý do", "kind": "Loại", "category": "Lĩnh vực",
           "campaign": "Chiến dịch", "zone": "Vùng", "unheard_s": "Không tới loa (giây)"}
STATUS_WORDS = {"aired": "đã phát", "interrupted": "bị ngắt", "skipped": "bỏ qua", "missed": "lỡ giờ",
                "failed": "lỗi"}
PRIORITY_WORDS = {"thuong": "thông thường", "uu-tien": "ưu tiên", "khan-cap": "khẩn cấp"}
TIME_FIELDS = ("scheduled_at", "started_at", "ended_at")


def as_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def for_people(row: dict) -> dict:
    """One row in the officer's words: local times as datetimes, durations rounded, Vietnamese words."""
    shown = dict(row)
    for name in TIME_FIELDS:
        shown[name] = dt.datetime.fromisoformat(row[name]).replace(tzinfo=None) if row[name] else None
    shown["duration_s"] = round(row["duration_s"] or 0.0, 1)
    shown["unheard_s"] = round(row["unheard_s"], 1) if row.get("unheard_s") else None
    shown["status"] = STATUS_WORDS.get(row["status"], row["status"])
    shown["priority"] = PRIORITY_WORDS.get(row["priority"], row["priority"])
    return shown


def as_csv(rows: list[dict]) -> str:
    """UTF-8 with a byte-order mark: without it Excel reads Vietnamese as Windows-1252 mojibake."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS[name] for name in FIELDS)
    for row in map(for_people, rows):
        writer.writerow(_csv_cell(row[name]) for name in FIELDS)
    return buffer.getvalue()


def _csv_cell(value) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else as_text(str(value))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """A cell Excel must show as text: one starting like a formula (a title "=1+1", "@SUM(…)") is prefixed
    with an apostrophe, Excel's own mark for "this is text", so opening the log never runs anything."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_xlsx(rows: list[dict], target: Path, title: str) -> None:
    """An Excel workbook: one sheet, a header row that stays in view, real date-times and numbers."""
    import xlsxwriter
    with atomic_path(Path(target)) as temp:
        workbook = xlsxwriter.Workbook(str(temp), {"remove_timezone": True})
        sheet = workbook.add_worksheet("Nhật ký phát sóng")
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
        tenth = workbook.add_format({"num_format": "0.0"})
        sheet.write(0, 0, title, workbook.add_format({"bold": True, "font_size": 13}))
        for column, name in enumerate(FIELDS):
            sheet.write(1, column, HEADERS[name], bold)
        for line, row in enumerate(map(for_people, rows), start=2):
            for column, name in enumerate(FIELDS):
                value = row[name]
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(line, column, value, when)
                elif isinstance(value, float):
                    sheet.write_number(line, column, value, tenth)
                elif isinstance(value, int):
                    sheet.write_number(line, column, value)
                else:  # text is text: write_string, never write's guess at a formula or a URL
                    sheet.write_string(line, column, "" if value is None else str(value))
        widths = {"scheduled_at": 19, "started_at": 19, "ended_at": 19, "item": 40, "file": 28, "reason": 40}
        for column, name in enumerate(FIELDS):
            sheet.set_column(column, column, widths.get(name, 14))
        sheet.freeze_panes(2, 0)
        sheet.autofilter(1, 0, 1 + len(rows), len(FIELDS) - 1)
        workbook.close()
