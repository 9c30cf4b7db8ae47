"""The report as an Excel workbook: one sheet per part, real numbers and dates, native charts, Vietnamese
headers, columns sized and pages set up to print on A4."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from radio.files import atomic_path
from radio.logexport import STATUS_WORDS

TOTALS = (("programs", "Số chương trình đã phát", None), ("airtime_s", "Tổng thời lượng phát (phút)", 60),
          ("items", "Số mục đã phát", None), ("relay_s", "Thời lượng tiếp sóng (phút)", 60),
          ("emergencies", "Số lần phát tin khẩn cấp", None), ("missed", "Số mục lỡ giờ", None),
          ("failed", "Số mục lỗi", None), ("interrupted", "Số mục bị ngắt", None), ("skipped", "Số mục bỏ qua", None))


def write_workbook(figures: dict, target: Path, title: str) -> None:
    import xlsxwriter
    with atomic_path(Path(target)) as temp:
        book = xlsxwriter.Workbook(str(temp))
        styles = {
            "title": book.add_format({"bold": True, "font_size": 13}),
            "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                     "valign": "vcenter"}),
            "number": book.add_format({"num_format": "#,##0", "border": 1}),
            "minutes": book.add_format({"num_format": "#,##0.0", "border": 1}),
            "date": book.add_format({"num_format": "dd/mm/yyyy", "border": 1}),
            "moment": book.add_format({"num_format": "dd/mm/yyyy hh:mm", "border": 1}),
            "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        }
        _totals(book, styles, figures, title)
        if "communes" in figures:  # the centre's report, rolled up (radio.hub.report)
            _communes(book, styles, figures)
        _categories(book, styles, figures)
        _campaigns(book, styles, figures)
        _problems(book, styles, figures)
        book.close()


def _sheet(book, name: str, title: str, styles, headers: list[tuple[str, float]]):
    sheet = book.add_worksheet(name)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.write(0, 0, title, styles["title"])
    for column, (header, width) in enumerate(headers):
        sheet.set_column(column, column, width)
        sheet.write(2, column, header, styles["head"])
    sheet.repeat_rows(2)
    sheet.freeze_panes(3, 0)
    return sheet


def _totals(book, styles, figures: dict, title: str) -> None:
    sheet = _sheet(book, "Tổng hợp", title, styles, [("Chỉ số", 40), ("Giá trị", 16)])
    sheet.write(1, 0, f"Từ ngày {_date(figures['from']):%d/%m/%Y} đến ngày {_date(figures['to']):%d/%m/%Y}")
    for line, (key, label, divisor) in enumerate(TOTALS, start=3):
        value = figures["totals"][key]
        sheet.write_string(line, 0, label, styles["text"])
        sheet.write_number(line, 1, value / divisor if divisor else value, styles["minutes" if divisor else "number"])


def _communes(book, styles, figures: dict) -> None:
    sheet = _sheet(book, "Theo xã", "Kết quả từng xã", styles, [("Đài", 34)] + [(label, 12) for _, label, _ in TOTALS]
                   + [("Chiến dịch", 40)])
    for line, commune in enumerate(figures["communes"], start=3):
        sheet.write_string(line, 0, commune["name"], styles["text"])
        for column, (key, _, divisor) in enumerate(TOTALS, start=1):
            value = commune[key]
            sheet.write_number(line, column, value / divisor if divisor else value,
                               styles["minutes" if divisor else "number"])
        sheet.write_string(line, len(TOTALS) + 1, "; ".join(f"{c['name']}: {', '.join(c['states'])}"
                                                            for c in commune["campaigns"]), styles["text"])


def _categories(book, styles, figures: dict) -> None:
    rows = figures["by_category"]
    sheet = _sheet(book, "Theo lĩnh vực", "Phát sóng theo lĩnh vực", styles,
                   [("Lĩnh vực", 36), ("Nhóm lĩnh vực (1–6)", 14), ("Số lần phát", 12), ("Thời lượng (phút)", 14)])
    for line, row in enumerate(rows, start=3):
        sheet.write_string(line, 0, row["category"], styles["text"])
        sheet.write(line, 1, row["field"] if row["field"] is not None else "", styles["number"])
        sheet.write_number(line, 2, row["airings"], styles["number"])
        sheet.write_number(line, 3, row["airtime_s"] / 60, styles["minutes"])
    last = 2 + len(rows)
    if figures["by_field"]:
        start = last + 2
        for column, header in enumerate(("Nhóm lĩnh vực", "Tên nhóm", "Số lần phát", "Thời lượng (phút)")):
            sheet.write(start, column, header, styles["head"])
        for line, row in enumerate(figures["by_field"], start=start + 1):
            sheet.write(line, 0, row["field"] if row["field"] is not None else "", styles["number"])
            sheet.write_string(line, 1, row["name"], styles["text"])
            sheet.write_number(line, 2, row["airings"], styles["number"])
            sheet.write_number(line, 3, row["airtime_s"] / 60, styles["minutes"])
    if rows:
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"name": "Thời lượng (phút)", "categories": ["Theo lĩnh vực", 3, 0, last, 0],
                          "values": ["Theo lĩnh vực", 3, 3, last, 3], "fill": {"color": "#1F5F9E"}})
        chart.set_title({"name": "Thời lượng phát theo lĩnh vực"})
        chart.set_legend({"none": True})
        sheet.insert_chart(1, 5, chart)


def _campaigns(book, styles, figures: dict) -> None:
    sheet = _sheet(book, "Chiến dịch", "Kết quả các chiến dịch tuyên truyền", styles,
                   [("Chiến dịch", 30), ("Từ ngày", 12), ("Đến ngày", 12), ("Chỉ tiêu", 10), ("Đạt được", 10),
                    ("Đơn vị", 10), ("Đạt?", 8)])
    line = 3
    for campaign in figures["campaigns"]:
        first = line
        unit = "lần phát" if campaign["unit"] == "airings" else "phút"
        scale = 1 if campaign["unit"] == "airings" else 60
        amount = styles["number"] if scale == 1 else styles["minutes"]
        for period in campaign["periods"]:
            sheet.write_string(line, 0, campaign["name"], styles["text"])
            sheet.write_datetime(line, 1, _date(period["start"]), styles["date"])
            sheet.write_datetime(line, 2, _date(period["end"]), styles["date"])
            if period["target"] is not None:
                sheet.write_number(line, 3, period["target"] / scale, amount)
            sheet.write_number(line, 4, period["achieved"] / scale, amount)
            sheet.write_string(line, 5, unit, styles["text"])
            sheet.write_string(line, 6, period.get("state", ""), styles["text"])
            line += 1
        if campaign["target"] is not None and line > first:
            chart = book.add_chart({"type": "column"})
            chart.add_series({"name": "Đạt được", "categories": ["Chiến dịch", first, 1, line - 1, 1],
                              "values": ["Chiến dịch", first, 4, line - 1, 4], "fill": {"color": "#2E7D32"}})
            chart.add_series({"name": "Chỉ tiêu", "categories": ["Chiến dịch", first, 1, line - 1, 1],
                              "values": ["Chiến dịch", first, 3, line - 1, 3], "fill": {"color": "#BBBBBB"}})
            chart.set_title({"name": campaign["name"]})
            # a text axis: one bar pair per period; a date axis would space them by days, a bar per day
            chart.set_x_axis({"text_axis": True, "num_format": "dd/mm"})
            sheet.insert_chart(first, 8, chart)
        line += 1


def _problems(book, styles, figures: dict) -> None:
    sheet = _sheet(book, "Sự cố", "Các mục lỡ giờ, lỗi, bị ngắt, bỏ qua", styles,
                   [("Giờ theo lịch", 17), ("Chương trình", 14), ("Mục", 36), ("Trạng thái", 12), ("Lý do", 50)])
    for line, row in enumerate(figures["problems"], start=3):
        sheet.write_datetime(line, 0, dt.datetime.fromisoformat(row["scheduled_at"]).replace(tzinfo=None),
                             styles["moment"])
        sheet.write_string(line, 1, row["program"], styles["text"])
        sheet.write_string(line, 2, row["item"], styles["text"])
        sheet.write_string(line, 3, STATUS_WORDS.get(row["status"], row["status"]), styles["text"])
        sheet.write_string(line, 4, row["reason"] or "", styles["text"])
    if not figures["problems"]:
        sheet.write(3, 0, "Không có sự cố nào trong kỳ.")


def _date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
