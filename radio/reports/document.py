"""The report a commune submits, as a Word document laid out as a Vietnamese administrative document
(Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, Times New Roman, the issuing body and the Quốc hiệu – Tiêu ngữ
side by side, number/symbol, place and date, "BÁO CÁO" and its subject citing the campaigns' basis, the
figures as paragraphs and tables, the charts, then "Nơi nhận" and the signature block left for the officer."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from radio.campaigns import Letterhead
from radio.files import atomic_path
from radio.logexport import STATUS_WORDS
from radio.reports.charts import campaign_chart, category_chart
from radio.reports.workbook import TOTALS

FONT = "Times New Roman"
PROBLEM_ROWS = 40  # listed in the document; the workbook lists them all


def write_document(figures: dict, letterhead: Letterhead, target: Path, today: dt.date) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)

    _page_numbers(section)
    first, last = dt.date.fromisoformat(figures["from"]), dt.date.fromisoformat(figures["to"])
    _header(document, letterhead, today)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "BÁO CÁO", bold=True, size=14)
    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bases = [c["basis"] for c in figures["campaigns"] if c.get("basis")]
    _run(subject, f"Kết quả thông tin, tuyên truyền trên hệ thống truyền thanh cơ sở từ ngày {first:%d/%m/%Y} "
                  f"đến ngày {last:%d/%m/%Y}" + (f" theo {'; '.join(bases)}" if bases else ""), bold=True, size=14)

    _body(document, f"Thực hiện {'; '.join(bases) if bases else 'nhiệm vụ thông tin cơ sở'}, {figures['station']} "
                    f"báo cáo kết quả thông tin, tuyên truyền từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y} "
                    "như sau:")
    totals = figures["totals"]
    _heading(document, "I. KẾT QUẢ CHUNG")
    communes = figures.get("communes")  # the centre's report, rolled up over its stations (radio.hub.report)
    who = f"{len(communes)} đài truyền thanh cơ sở" if communes is not None else "Đài"
    if not totals["programs"] and not totals["items"]:
        _body(document, f"Trong kỳ báo cáo, nhật ký phát sóng của {who.lower()} không ghi nhận chương trình nào.")
    else:
        _body(document, f"{who} đã phát {totals['programs']} chương trình với {totals['items']} mục, tổng thời lượng "
                        f"{_minutes(totals['airtime_s'])}, trong đó tiếp sóng {_minutes(totals['relay_s'])}; "
                        f"phát {totals['emergencies']} lần tin khẩn cấp.")
    _table(document, ["Chỉ số", "Giá trị"],
           [[label, _number(totals[key] / divisor, 1) if divisor else _number(totals[key])]
            for key, label, divisor in TOTALS])
    if communes:
        _body(document, "Kết quả từng xã:")
        _table(document, ["Đài", "Chương trình", "Số mục", "Thời lượng (phút)", "Lỡ giờ / lỗi"],
               [[c["name"], _number(c["programs"]), _number(c["items"]), _number(c["airtime_s"] / 60, 1),
                 f"{c['missed']} / {c['failed']}"] for c in communes])

    _heading(document, "II. THEO LĨNH VỰC")
    if figures["by_category"]:
        _table(document, ["Lĩnh vực", "Số lần phát", "Thời lượng (phút)"],
               [[r["category"], _number(r["airings"]), _number(r["airtime_s"] / 60, 1)]
                for r in figures["by_category"]])
        document.add_picture(io.BytesIO(category_chart(figures)), width=Mm(160))
    else:
        _body(document, "Không có bản tin nào được phát trong kỳ.")
    if figures["by_field"]:
        _body(document, "Theo sáu nhóm lĩnh vực thông tin cơ sở:")
        _table(document, ["Nhóm", "Số lần phát", "Thời lượng (phút)"],
               [[f"{r['field'] or '–'}. {r['name']}", _number(r["airings"]), _number(r["airtime_s"] / 60, 1)]
                for r in figures["by_field"]])

    _heading(document, "III. CÁC CHIẾN DỊCH TUYÊN TRUYỀN")
    if not figures["campaigns"]:
        _body(document, "Trong kỳ không có chiến dịch tuyên truyền nào.")
    for campaign in figures["campaigns"]:
        periods = campaign["periods"]
        judged = [p for p in periods if p["met"] is not None]  # periods over: a running week is not a failure
        met = sum(bool(p["met"]) for p in judged)
        scale, unit, places = (1, "lần phát", 0) if campaign["unit"] == "airings" else (60, "phút", 1)
        aim = f"chỉ tiêu {_target_words(campaign['target'])}; " if campaign["target"] else ""
        if communes is not None:  # rolled up: how many communes met theirs, period by period (column Kết quả)
            aim = aim.replace("chỉ tiêu", "chỉ tiêu mỗi xã", 1)
        _body(document, f"Chiến dịch «{campaign['name']}»"
                        + (f" (căn cứ {campaign['basis']})" if campaign["basis"] else "")
                        + (f": {aim}số xã đạt chỉ tiêu từng kỳ ghi ở cột Kết quả" if communes is not None
                           else f": {aim}đạt {met}/{len(judged)} kỳ đã kết thúc")
                        + (f" ({len(periods) - len(judged)} kỳ đang diễn ra hoặc chỉ có một phần trong nhật ký)"
                           if len(judged) < len(periods) else "") + ", tổng cộng "
                        f"{_number(sum(p['achieved'] for p in periods) / scale, places)} {unit}.")
        _table(document, ["Từ ngày", "Đến ngày", f"Chỉ tiêu ({unit})", f"Đạt được ({unit})", "Kết quả"],
               [[_day(p["start"]), _day(p["end"]), "" if p["target"] is None else _number(p["target"] / scale, places),
                 _number(p["achieved"] / scale, places), p.get("state", "")]
                for p in periods])
    chart = campaign_chart(figures)
    if chart:
        document.add_picture(io.BytesIO(chart), width=Mm(160))

    _heading(document, "IV. TỒN TẠI, HẠN CHẾ")
    problems = figures["problems"]
    if problems:
        _body(document, f"Có {totals['missed']} mục lỡ giờ, {totals['failed']} mục lỗi, {totals['interrupted']} "
                        f"mục bị ngắt và {totals['skipped']} mục bỏ qua:")
        _table(document, ["Giờ theo lịch", "Mục", "Tình trạng", "Lý do"],
               [[p["scheduled_at"][:16].replace("T", " "), p["item"], STATUS_WORDS.get(p["status"], p["status"]),
                 p["reason"]] for p in problems[:PROBLEM_ROWS]])
        if len(problems) > PROBLEM_ROWS:
            _body(document, f"(và {len(problems) - PROBLEM_ROWS} mục khác: xem bảng tính kèm theo, trang Sự cố.)")
    else:
        _body(document, "Không có sự cố phát sóng nào trong kỳ.")
    _heading(document, "V. PHƯƠNG HƯỚNG, KIẾN NGHỊ")
    _body(document, "………………………………………………………………………………")
    _signature(document, letterhead)
    with atomic_path(Path(target)) as temp:
        document.save(str(temp))


def _header(document, letterhead: Letterhead, today: dt.date) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), (Mm(68), Mm(97))):
        column.width = cell.width = width  # the grid (LibreOffice) and the cell (Word) both
    paragraph = left.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if letterhead.parent:
        _run(paragraph, "\n".join(_name_lines(letterhead.parent.upper())) + "\n", size=12)
    _run(paragraph, "\n".join(_name_lines(letterhead.issuer.upper())), bold=True, size=12)
    _run(paragraph, "\n―――――――\n", size=10)
    _run(paragraph, f"Số:      /{letterhead.symbol}", size=13)
    paragraph = right.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", bold=True, size=12)
    _run(paragraph, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _run(paragraph, "\n―――――――――――――\n", size=10)
    _run(paragraph, f"{letterhead.place or '……'}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
         italic=True, size=13)
    document.add_paragraph()


def _signature(document, letterhead: Letterhead) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    table = document.add_table(rows=1, cols=2)
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the block stays on one page, whole
    left, right = row.cells
    paragraph = left.paragraphs[0]
    _run(paragraph, "Nơi nhận:\n", bold=True, italic=True, size=12)
    receivers = [f"- {letterhead.parent} (để báo cáo);"] if letterhead.parent else []
    _run(paragraph, "\n".join(receivers + ["- ……;", "- Lưu: VT."]), size=11)
    paragraph = right.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = _collective_name(letterhead.issuer.upper())
    _run(paragraph, f"TM. {body}\n" if body else "", bold=True, size=13)
    _run(paragraph, "\n".join(_title_lines(letterhead.signer_title.upper())) + "\n", bold=True, size=13)
    _run(paragraph, "(Ký, ghi rõ họ tên, đóng dấu)\n\n\n\n", italic=True, size=12)
    _run(paragraph, letterhead.signer_name, bold=True, size=13)
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.keep_together = True


# the level of government a body's name ends with: a name too long for the header cell breaks before it
LEVELS = ("THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "ĐẶC KHU", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH", "XÃ")
NAME_LINE_CHARS = 22  # capitals, bold 12 pt, in the 68 mm header cell (less its padding)
NBSP = "\u00a0"


def _level_at(words: list[str]) -> int | None:
    """Where the level of government begins in a body's name ("ỦY BAN NHÂN DÂN | XÃ GIA TÂN 1")."""
    return next((index for index in range(1, len(words))
                 if any(" ".join(words[index:]).startswith(level + " ") for level in LEVELS)), None)


def _name_lines(name: str) -> list[str]:
    """A body's name on as many lines as the header cell needs, broken where people break it (before the
    level of government), never inside the place name: the spaces within a line do not break."""
    words = name.split()
    if len(name) <= NAME_LINE_CHARS or len(words) < 2:
        return [NBSP.join(words)]
    cut = _level_at(words) or min(range(1, len(words)),  # no level word: the most even split
                                  key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [NBSP.join(words[:cut]), NBSP.join(words[cut:])]


COLLECTIVE_BODIES = ("ỦY BAN", "UỶ BAN", "HỘI ĐỒNG")  # led collectively: signed "TM." (on behalf of) the body


def _collective_name(issuer: str) -> str:
    """"TM. ỦY BAN NHÂN DÂN": a collective body signs by its kind, without its place; a unit led by its head
    (a district's culture and information centre) has none: its director signs in their own title."""
    if not issuer.startswith(COLLECTIVE_BODIES):
        return ""
    words = issuer.split()
    return " ".join(words[:_level_at(words) or len(words)])


def _title_lines(title: str) -> list[str]:
    """"KT. CHỦ TỊCH – PHÓ CHỦ TỊCH" (or with "/" or "-") as the decree sets it: on two lines."""
    import re
    return [part.strip() for part in re.split(r"\s+[–/-]\s+|\n", title) if part.strip()]


def _page_numbers(section) -> None:
    """Page numbers from page 2, centred in the top margin (the first page has none)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = _run(paragraph, "", size=13)
    field.append(run._r)
    paragraph._p.append(field)


def _heading(document, text: str) -> None:
    _run(document.add_paragraph(), text, bold=True)


def _body(document, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    _run(paragraph, text)


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers):
        _run(cell.paragraphs[0], header, bold=True, size=12)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            _run(cell.paragraphs[0], str(value), size=12)
    document.add_paragraph()


def _run(paragraph, text: str, bold: bool = False, italic: bool = False, size: float = 13):
    from docx.shared import Pt
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name, run.font.size = FONT, Pt(size)
    return run


def _minutes(seconds: float) -> str:
    return f"{_number(seconds / 60, 1)} phút"


def _number(value: float, places: int = 0) -> str:
    """As Vietnamese documents write numbers: 1.234,5 (dot for thousands, comma for the decimals)."""
    return f"{value:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _day(text: str) -> str:
    return f"{dt.date.fromisoformat(text):%d/%m/%Y}"


def _target_words(target: dict) -> str:
    per = "tuần" if target["per"] == "week" else "tháng"
    return f"{target['airings']} lần phát mỗi {per}" if "airings" in target else f"{target['minutes']:g} phút mỗi {per}"
