"""Which days a slot airs on: pure date logic, no clock.

A rule combines: `days` (daily | weekdays | weekends | a list of weekday names, dates, days of the month
such as 1 or "ngày 15", and nth weekdays such as "1st mon" or "last fri"), an optional date range (`from`,
`until`), exception dates (`except`), and the station's holidays. Bulletins with their own air times use the
same rules (radio.schedule.timed).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from radio.quiet import quiet_at

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_VIETNAMESE_WEEKDAYS = {"t2": "mon", "t3": "tue", "t4": "wed", "t5": "thu", "t6": "fri", "t7": "sat", "cn": "sun",
                        "thứ hai": "mon", "thứ ba": "tue", "thứ tư": "wed", "thứ năm": "thu", "thứ sáu": "fri",
                        "thứ bảy": "sat", "chủ nhật": "sun"}
_ORDINALS = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4,
             "5th": 5, "fifth": 5, "last": -1}
_NTH = re.compile(r"^(\w+)\s+(\w+)$")
_MONTH_DAY = re.compile(r"^(?:ngày\s*)?(\d{1,2})$")


def _weekday(text: str) -> int | None:
    key = _VIETNAMESE_WEEKDAYS.get(text, text)[:3]
    return WEEKDAYS.index(key) if key in WEEKDAYS else None


def parse_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ValueError(f"ngày '{value}' không hợp lệ; viết dạng 2025-06-19 hoặc 19/06/2025.")


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_time(value) -> dt.time | None:
    match = _TIME.match(str(value).strip()) if value is not None else None
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def clock_text(at: dt.time) -> str:
    """"06:30", or "06:30:15" when the seconds matter: a time as slot labels and pages show it."""
    return at.strftime("%H:%M:%S" if at.second else "%H:%M")


@dataclass(frozen=True)
class DayRule:
    weekdays: frozenset[int] = frozenset(range(7))
    dates: frozenset[dt.date] = frozenset()
    nth_weekdays: frozenset[tuple[int, int]] = frozenset()  # (n, weekday); n = -1 for the last one
    month_days: frozenset[int] = frozenset()  # 1..31; a month without that day skips it
    start: dt.date | None = None
    end: dt.date | None = None
    exceptions: frozenset[dt.date] = field(default_factory=frozenset)

    def matches(self, day: dt.date, holidays: frozenset[dt.date] = frozenset()) -> bool:
        if day in self.exceptions or day in holidays:
            return False
        if (self.start and day < self.start) or (self.end and day > self.end):
            return False
        return day.weekday() in self.weekdays or day in self.dates or day.day in self.month_days or any(
            day.weekday() == weekday and _is_nth(day, n) for n, weekday in self.nth_weekdays)


_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_NTH_NAMES = {1: "đầu tiên", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", 5: "thứ năm", -1: "cuối"}


def describe_days(rule: DayRule | None) -> str:
    """A day rule as an officer says it: "mọi ngày", "thứ Hai, thứ Năm", "ngày 1, 15 hằng tháng"… (the date
    range is said elsewhere: it is the bulletin's validity or the slot's from/until)."""
    if rule is None or (len(rule.weekdays) == 7 and not rule.exceptions):
        return "mọi ngày"
    parts = [", ".join(_WEEKDAY_NAMES[d] for d in sorted(rule.weekdays))] if rule.weekdays else []
    if rule.month_days:
        parts.append("ngày " + ", ".join(map(str, sorted(rule.month_days))) + " hằng tháng")
    parts += [f"{_WEEKDAY_NAMES[weekday]} {_NTH_NAMES[n]} của tháng" for n, weekday in sorted(rule.nth_weekdays)]
    parts += [f"{day:%d/%m/%Y}" for day in sorted(rule.dates)]
    return "; ".join(parts)


def _is_nth(day: dt.date, n: int) -> bool:
    if n > 0:
        return (day.day - 1) // 7 + 1 == n
    return (day + dt.timedelta(days=7)).month != day.month


def parse_days(days, start=None, end=None, exceptions=None) -> DayRule:
    """Build a DayRule from schedule.yaml values; ValueError carries the Vietnamese message."""
    weekdays: set[int] = set()
    dates: set[dt.date] = set()
    nth: set[tuple[int, int]] = set()
    month_days: set[int] = set()
    if isinstance(days, str) and days.strip().lower() in ("daily", "hằng ngày", "hàng ngày"):
        weekdays = set(range(7))
    elif isinstance(days, str) and days.strip().lower() == "weekdays":
        weekdays = set(range(5))
    elif isinstance(days, str) and days.strip().lower() == "weekends":
        weekdays = {5, 6}
    else:
        entries = days if isinstance(days, list) else [days]
        for entry in entries:
            text = str(entry).strip().lower()
            weekday = _weekday(text)
            nth_match = _NTH.match(text)
            month_day = _MONTH_DAY.match(text)
            if weekday is not None:
                weekdays.add(weekday)
            elif month_day and 1 <= int(month_day[1]) <= 31:
                month_days.add(int(month_day[1]))
            elif nth_match and nth_match[1] in _ORDINALS and _weekday(nth_match[2]) is not None:
                nth.add((_ORDINALS[nth_match[1]], _weekday(nth_match[2])))
            else:
                try:
                    dates.add(parse_date(entry))
                except ValueError:
                    raise ValueError(
                        f"ngày phát '{entry}' không hiểu được; dùng daily, weekdays, weekends, tên thứ "
                        "(mon … sun), một ngày (2026-12-01), ngày trong tháng (1 … 31), hoặc thứ trong tháng "
                        "('1st mon', 'last fri').") from None
    return DayRule(frozenset(weekdays), frozenset(dates), frozenset(nth), frozenset(month_days),
                   parse_date(start) if start else None, parse_date(end) if end else None,
                   frozenset(parse_date(d) for d in (exceptions or [])))


def parse_duration(value) -> float:
    """'15m', '90s', '1h', '1h30m' or a number of seconds -> seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().lower().replace(" ", "")
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?", text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"thời lượng '{value}' không hợp lệ; viết dạng 15m, 90s hoặc 1h.")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@dataclass(frozen=True)
class Occurrence:
    """One slot on one day: what the planner plans, the daemon fires and the log keys its rows by."""
    slot: object  # radio.station.Slot
    index: int  # position in schedule.yaml
    start: dt.datetime  # aware, station time

    @property
    def label(self) -> str:
        return self.slot.label


def occurrences(station, day: dt.date) -> list[Occurrence]:
    """Every slot that airs on `day` (station-local date), the timed bulletins' own included, in time order;
    none inside quiet hours (radio check names a slot that falls there)."""
    found = [Occurrence(slot, index, dt.datetime.combine(day, slot.at, tzinfo=station.tz))
             for index, slot in enumerate(station.slots + station.timed_slots)
             if slot.rule.matches(day, station.holidays) and quiet_at(station.quiet_hours, slot.at) is None]
    return sorted(found, key=lambda o: (o.start, o.index))


def occurrences_between(station, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    """Occurrences with start <= time < end (both aware)."""
    local_start, local_end = start.astimezone(station.tz), end.astimezone(station.tz)
    day, found = local_start.date() - dt.timedelta(days=1), []
    while day <= local_end.date():
        found += [o for o in occurrences(station, day) if start <= o.start < end]
        day += dt.timedelta(days=1)
    return found
