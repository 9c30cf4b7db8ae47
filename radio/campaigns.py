"""Campaigns (chiến dịch tuyên truyền) as schedule.yaml declares them, the lĩnh vực map and the report's
letterhead: the data, read and checked with file:line. Placement lives in radio/schedule/placement.py.

    campaigns:
      - name: Tuyên truyền Nghị quyết 57
        basis: Kế hoạch số 314/KH-UBND ngày 19/6/2025 của UBND huyện Thống Nhất
        from: 2025-07-01
        until: 2025-12-31
        category: chuyển đổi số          # or files: "nq57-*"
        target: {airings: 3, per: week}   # or {minutes: 60, per: month}
        programs: [sang, chieu]
"""
from __future__ import annotations

import calendar
import datetime as dt
import fnmatch
from dataclasses import dataclass

from radio.bulletin import parse_date
from radio.yamlfile import line_of

HUB_CAMPAIGNS_FILE = "hub-campaigns.yaml"  # beside schedule.yaml: the campaigns the hub sent (radio.hub.downlink)
PERIODS = ("week", "month")
PERIOD_NAMES = {"week": "tuần", "month": "tháng"}
# The six lĩnh vực provincial source systems exchange: a station's own categories may map onto them, so
# the reports of every commune add up at the district.
FIELDS = {1: "Thông tin chung", 2: "Thông tin đột xuất", 3: "Đường lối, chủ trương, chính sách, pháp luật",
          4: "Chỉ đạo, điều hành của cấp ủy, chính quyền cơ sở",
          5: "Kiến thức khoa học, kỹ thuật, kinh tế, văn hóa, xã hội", 6: "Gương người tốt, việc tốt"}


@dataclass(frozen=True)
class Target:
    per: str  # week | month
    airings: int | None = None
    minutes: float | None = None

    def describe(self) -> str:
        amount = f"{self.airings} lần phát" if self.airings is not None else f"{self.minutes:g} phút"
        return f"{amount} mỗi {PERIOD_NAMES[self.per]}"

    def as_json(self) -> dict:
        return {"per": self.per} | ({"airings": self.airings} if self.airings is not None
                                    else {"minutes": self.minutes})


@dataclass(frozen=True)
class Campaign:
    name: str
    basis: str
    first: dt.date
    last: dt.date
    target: Target
    programs: tuple[str, ...]
    category: str | None = None
    files: str | None = None
    line: int = 0

    def as_spec(self) -> dict:
        """The campaign as a station tells its hub (schedule.yaml's keys, without the station's programs)."""
        pool = {"category": self.category} if self.category is not None else {"files": self.files}
        return {"name": self.name, "basis": self.basis, "from": self.first.isoformat(),
                "until": self.last.isoformat(), **pool, "target": self.target.as_json()}

    def active_on(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def draws(self, bulletin) -> bool:
        """Whether the bulletin belongs to the campaign's pool (its category, or its file name pattern)."""
        if self.category is not None:
            return (bulletin.category or "").strip().lower() == self.category.lower()
        return fnmatch.fnmatch(bulletin.path.name, self.files) or fnmatch.fnmatch(bulletin.path.stem, self.files)

    def periods(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
        """The campaign's periods that meet [first, last]: laid out from its first day (weeks of seven days,
        months from that day of the month), the last one cut short by its end date."""
        found, number = [], 0
        while True:
            start = self.period_start(number)
            if start > min(last, self.last):
                return found
            end = min(self.period_start(number + 1) - dt.timedelta(days=1), self.last)
            if end >= first:
                found.append((start, end))
            number += 1

    def period_start(self, number: int) -> dt.date:
        """The first day of the campaign's period `number` (0: its first day)."""
        if self.target.per == "week":
            return self.first + dt.timedelta(days=7 * number)
        month = self.first.month - 1 + number
        year, month = self.first.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(self.first.day, calendar.monthrange(year, month)[1]))

    def wanted(self, period: tuple[dt.date, dt.date]) -> float:
        """The target for one period, in airings or seconds; the last period, cut short by the campaign's end,
        asks for its share, rounded up."""
        start, end = period
        number = next(n for n in range(10_000) if self.period_start(n + 1) > start)
        share = ((end - start).days + 1) / (self.period_start(number + 1) - self.period_start(number)).days
        if self.target.airings is not None:
            return float(-(-self.target.airings * share // 1))
        return -(-self.target.minutes * 60 * share // 1)

    def judge(self, period: tuple[dt.date, dt.date], achieved: float, known: tuple[dt.date, dt.date]) -> dict:
        """A period measured against what aired, where the log covers the days `known` (first, last): once it
        holds every day of the period, met or not; otherwise (the period still runs, or began before the log
        or the rehearsal did) it is judged on the share of its target for the days covered, and never failed.
        state: "đạt" | "chưa đạt" | "đang diễn ra" | "một phần"."""
        start, end = period
        wanted = self.wanted(period)
        covered = (min(end, known[1]) - max(start, known[0])).days + 1
        if known[0] <= start and end <= known[1]:
            return {"target": wanted, "achieved": achieved, "met": achieved >= wanted,
                    "state": "đạt" if achieved >= wanted else "chưa đạt"}
        so_far = float(-(-wanted * max(0, covered) / ((end - start).days + 1) // 1))
        return {"target": wanted, "target_so_far": so_far, "achieved": achieved, "met": None,
                "state": "đang diễn ra" if end > known[1] else "một phần", "on_track": achieved >= so_far}


def claimed(campaigns: list[Campaign], bulletin, day: dt.date) -> bool:
    """Whether a campaign active that day owns the bulletin: it then airs where the campaign places it, not
    in every program whose "*" or category it happens to match."""
    return any(c.active_on(day) and c.draws(bulletin) for c in campaigns)


@dataclass(frozen=True)
class Letterhead:
    """What the report submitted upward needs to say about the station (Nghị định 30/2020/NĐ-CP layout)."""
    issuer: str = "ỦY BAN NHÂN DÂN XÃ"
    parent: str = ""  # the body above the issuer, printed over it (e.g. UBND HUYỆN THỐNG NHẤT)
    place: str = ""  # địa danh in "Phú Lộc, ngày … tháng … năm …"
    symbol: str = "BC-UBND"  # after "Số:    /"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


def read_campaigns(reader, data: dict, station) -> None:
    """schedule.yaml's `campaigns:`, `categories:` and `report:` into the station; problems go to `reader`."""
    categories = reader.section(data, "categories")
    for name, code in categories.items():
        if not isinstance(code, int) or code not in FIELDS:
            reader.problem(f"lĩnh vực '{name}: {code}' không hợp lệ; dùng số từ 1 đến 6.", line_of(categories, name),
                           "; ".join(f"{number} = {title}" for number, title in FIELDS.items()) + ".")
        else:
            station.categories[str(name).strip().lower()] = code
    letterhead = reader.section(data, "report")
    allowed = tuple(Letterhead.__dataclass_fields__)
    reader.known_keys(letterhead, allowed)
    station.letterhead = Letterhead(**{key: str(value).strip() for key, value in letterhead.items() if key in allowed})
    read_campaign_list(reader, data, station)


def read_campaign_list(reader, data: dict, station, from_hub: bool = False) -> None:
    """`campaigns:` of `data` into station.campaigns. A campaign the hub sends (`from_hub`) has no `programs:`:
    the hub does not know a commune's programs, and each station places it in every one of its own."""
    for index, raw in enumerate(reader.section(data, "campaigns", list)):
        campaign = _campaign(reader, raw, data["campaigns"].item_lines[index], station, from_hub)
        if campaign is not None:
            station.campaigns.append(campaign)


def _campaign(reader, raw, line: int, station, from_hub: bool = False) -> Campaign | None:
    if not isinstance(raw, dict):
        reader.problem("mỗi chiến dịch là một mục có name, from, until, category (hoặc files), target, programs.",
                       line)
        return None
    reader.known_keys(raw, ("name", "basis", "from", "until", "category", "files", "target")
                      + (() if from_hub else ("programs",)))
    name = str(raw.get("name") or "").strip()
    if not name:
        reader.problem("chiến dịch chưa có tên ('name:').", line)
    elif any(c.name == name for c in station.campaigns):
        reader.problem(f"hai chiến dịch cùng tên '{name}'.", line_of(raw, "name"), "đặt tên khác nhau.")
        name = ""
    dates = []
    for key in ("from", "until"):
        try:
            dates.append(parse_date(raw[key]))
        except KeyError:
            reader.problem(f"chiến dịch '{name}' thiếu '{key}:'.", line, "ví dụ from: 2025-07-01, until: 2025-12-31.")
        except ValueError as error:
            reader.problem(f"'{key}': {error}", line_of(raw, key))
    if len(dates) == 2 and dates[1] < dates[0]:
        reader.problem(f"chiến dịch '{name}' kết thúc ({dates[1]:%d/%m/%Y}) trước khi bắt đầu ({dates[0]:%d/%m/%Y}).",
                       line_of(raw, "until"), "sửa 'until' cho sau 'from'.")
        dates = []
    category, files = raw.get("category"), raw.get("files")
    if (category is None) == (files is None):
        reader.problem(f"chiến dịch '{name}' cần đúng một trong 'category:' (lĩnh vực) hoặc 'files:' (mẫu tên tệp).",
                       line)
    elif category is not None and station.categories and str(category).strip().lower() not in station.categories:
        reader.problem(f"lĩnh vực '{category}' không có trong mục 'categories'.", line_of(raw, "category"),
                       f"dùng một trong: {', '.join(station.categories)}.")
    programs = raw.get("programs")
    programs = list(station.programs) if from_hub else programs if isinstance(programs, list) \
        else [programs] if programs else []
    for program in programs:
        if str(program) not in station.programs:
            reader.problem(f"chiến dịch '{name}' nhắc tới chương trình '{program}' chưa khai báo trong 'programs'.",
                           line_of(raw, "programs"), f"dùng một trong: {', '.join(station.programs) or '(chưa có)'}.")
    if not programs:
        reader.problem(f"chiến dịch '{name}' chưa có 'programs:' (phát trong chương trình nào).", line)
    target = _target(reader, raw.get("target"), line_of(raw, "target") or line, name)
    if not name or len(dates) != 2 or target is None or not programs or (category is None) == (files is None) \
            or any(str(p) not in station.programs for p in programs):
        return None
    return Campaign(name=name, basis=str(raw.get("basis") or "").strip(), first=dates[0], last=dates[1],
                    target=target, programs=tuple(str(p) for p in programs),
                    category=str(category).strip() if category is not None else None,
                    files=str(files).strip() if files is not None else None, line=line)


def _target(reader, raw, line: int, name: str) -> Target | None:
    example = "ví dụ target: {airings: 3, per: week} hoặc {minutes: 60, per: month}."
    if not isinstance(raw, dict):
        reader.problem(f"chiến dịch '{name}' cần 'target:'.", line, example)
        return None
    reader.known_keys(raw, ("airings", "minutes", "per"))
    per = str(raw.get("per", "")).strip().lower()
    if per not in PERIODS:
        reader.problem(f"'per: {raw.get('per')}' không hợp lệ; chỉ dùng week (tuần) hoặc month (tháng).", line, example)
        return None
    if ("airings" in raw) == ("minutes" in raw):
        reader.problem("'target' cần đúng một trong 'airings' (số lần phát) hoặc 'minutes' (số phút).", line, example)
        return None
    key = "airings" if "airings" in raw else "minutes"
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 \
            or (key == "airings" and value != int(value)):
        reader.problem(f"'{key}: {value}' phải là số dương{' nguyên' if key == 'airings' else ''}.", line, example)
        return None
    return Target(per=per, airings=int(value)) if key == "airings" else Target(per=per, minutes=float(value))
