"""Quiet hours (giờ yên tĩnh): a daily window in which the loudspeakers stay silent except for emergencies.

The complaint heard most about commune loudspeakers is that they sound at 4:30 in the morning. A station sets
`quiet_hours: "21:30-05:30"` in schedule.yaml, or its hub pushes the same as policy (hub-policy.json beside
schedule.yaml); both hold. A slot that starts inside a window does not air (radio check names its line), and a
program still on air when a window opens is cut there, as a slot's hard start cuts the one before it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

POLICY_FILE = "hub-policy.json"  # beside schedule.yaml: what the hub pushed (radio.hub.downlink writes it)
_WINDOW = re.compile(r"^\s*(\d{1,2})[:hg](\d{2})\s*[-–]\s*(\d{1,2})[:hg](\d{2})\s*$")


@dataclass(frozen=True)
class QuietHours:
    start: dt.time
    end: dt.time
    source: str  # "schedule.yaml" or the hub's name: who set it, for messages

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, moment: dt.time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end  # across midnight

    def starts_between(self, after: dt.datetime, until: dt.datetime) -> list[dt.datetime]:
        """Each moment the window opens with after < moment <= until (aware, in after's zone)."""
        found, day = [], after.date() - dt.timedelta(days=1)
        while day <= until.date():
            opening = dt.datetime.combine(day, self.start, tzinfo=after.tzinfo)
            if after < opening <= until:
                found.append(opening)
            day += dt.timedelta(days=1)
        return found


def parse_quiet_hours(value, source: str) -> QuietHours:
    """'21:30-05:30' (or 21h30-5h30) -> QuietHours; ValueError carries the Vietnamese message."""
    match = _WINDOW.match(str(value))
    if not match:
        raise ValueError(f"giờ yên tĩnh '{value}' không hiểu được; viết dạng \"21:30-05:30\" (từ giờ nào đến giờ "
                         "nào, qua nửa đêm được).")
    try:
        start = dt.time(int(match[1]), int(match[2]))
        end = dt.time(int(match[3]), int(match[4]))
    except ValueError:
        raise ValueError(f"giờ yên tĩnh '{value}' có giờ không tồn tại (giờ 0–23, phút 0–59).") from None
    if start == end:
        raise ValueError(f"giờ yên tĩnh '{value}' bắt đầu và kết thúc cùng lúc.")
    return QuietHours(start, end, source)


def quiet_at(windows, moment: dt.time) -> QuietHours | None:
    """The window a time of day (station time) falls in, or None."""
    return next((window for window in windows if window.contains(moment)), None)


def next_opening(windows, after: dt.datetime, until: dt.datetime) -> dt.datetime | None:
    """The first moment a window opens in (after, until], or None."""
    return min((moment for window in windows for moment in window.starts_between(after, until)), default=None)
