"""Today's date as an announcer would write it; the normalizer then reads it aloud."""
from __future__ import annotations

import datetime as dt

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def written_date(day: dt.date) -> str:
    """2026-11-26 -> 'thứ Năm, ngày 26/11/2026'."""
    return f"{WEEKDAYS[day.weekday()]}, ngày {day.day}/{day.month}/{day.year}"
