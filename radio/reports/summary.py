"""The report's figures, from the as-run log alone (the station's own, or a rehearsal's): what `radio report
--json` prints and what the workbook, the Word report and the console's page lay out.

Definitions (so the numbers add up to `radio log --json` for the same dates):
- a row counts in the period when its scheduled time falls in it (as `radio log --from --to` selects);
- airtime is the heard length of rows that aired or were interrupted; an item "aired" is a row `aired`;
- programs: distinct scheduled slots (not emergencies) with at least one row heard, in each zone;
- relay time: heard length of `relay` rows; emergencies: distinct emergency airings (each command once);
- by category and per campaign: rows `aired`, their count and length.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from radio.bulletin import parse_date
from radio.campaigns import FIELDS, Campaign
from radio.logbook import first_day, read_log
from radio.station import Station

HEARD = ("aired", "interrupted")
PROBLEMS = ("missed", "failed", "interrupted", "skipped")
EMERGENCY_SLOT = "khẩn cấp"
UNCATEGORIZED = "(chưa phân loại)"


def period_of(today: dt.date, start: str | None = None, end: str | None = None, month: str | None = None
              ) -> tuple[dt.date, dt.date]:
    """The dates a report covers: from/to, or a month YYYY-MM; by default the month so far. A ValueError says
    what is wrong, in Vietnamese, and which field (its first word)."""
    if month and (start or end):
        raise ValueError("month: dùng tháng hoặc từ ngày/đến ngày, không dùng cả hai.")
    if month:
        try:
            first = dt.date(int(month[:4]), int(month[5:7]), 1)
            if len(month) != 7 or month[4] != "-":
                raise ValueError
        except ValueError:
            raise ValueError(f"month: '{month}' không phải một tháng; viết dạng 2026-11.") from None
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    first, last = today.replace(day=1), today
    for name, value in (("from", start), ("to", end)):
        if value:
            try:
                day = parse_date(value)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
            first, last = (day, last) if name == "from" else (first, day)
    if last < first:
        raise ValueError(f"to: ngày cuối {last:%d/%m/%Y} trước ngày đầu {first:%d/%m/%Y}.")
    return first, last


def report(station: Station, first: dt.date, last: dt.date, log=None) -> dict:
    """The report for [first, last] (dates included) from the station's log, or the log file `log`. Campaign
    periods are judged on all their days, also those outside [first, last]; a period the log has not seen to
    its end (today's, next week's) is "đang diễn ra", not failed."""
    rows = log_rows(station, first, last, log)
    span = campaign_span(station, first, last)
    around = log_rows(station, *span, log) if span else []
    known_from = first_day(station.folder, station.tz, log) or first
    return figures(station, first, last, rows, around, (known_from, station.today() - dt.timedelta(days=1)))


def campaign_span(station: Station, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """From the first day of the first campaign period that meets [first, last] to the last day of the last."""
    periods = [period for campaign in station.campaigns for period in campaign.periods(first, last)]
    return (min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None


def log_rows(station: Station, first: dt.date, last: dt.date, log=None) -> list[dict]:
    """The log's rows scheduled in [first, last], station time, as `radio log --from --to` selects them."""
    tz = station.tz
    return read_log(station.folder, dt.datetime.combine(first, dt.time(), tzinfo=tz),
                    dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz), path=log)


def figures(station: Station, first: dt.date, last: dt.date, rows: list[dict], campaign_rows: list[dict] | None = None,
            known: tuple[dt.date, dt.date] | None = None) -> dict:
    """`campaign_rows`: the log's rows over the campaigns' whole periods (default: `rows`); `known`: the days
    the log covers (default: [first, last], as in a rehearsal)."""
    heard = [r for r in rows if r["status"] in HEARD]
    aired = [r for r in rows if r["status"] == "aired"]
    totals = {
        "programs": program_airings(heard),
        "airtime_s": _seconds(heard),
        "items": len(aired),
        "relay_s": _seconds([r for r in heard if r.get("kind") == "relay"]),
        "emergencies": len({r["scheduled_at"] for r in rows if r["priority"] == "khan-cap"}),
        **{status: sum(r["status"] == status for r in rows) for status in PROBLEMS},
    }
    bulletins = [r for r in aired if r.get("kind") == "bulletin"]
    by_category = _grouped(bulletins, lambda r: r.get("category") or UNCATEGORIZED)
    by_field = _grouped(bulletins, lambda r: station.categories.get((r.get("category") or "").strip().lower()))
    return {
        "station": station.name, "from": first.isoformat(), "to": last.isoformat(), "totals": totals,
        "by_category": [{"category": name, "field": station.categories.get(name.lower()), **values}
                        for name, values in sorted(by_category.items(), key=lambda kv: -kv[1]["airtime_s"])],
        "by_field": [{"field": code, "name": FIELDS.get(code, UNCATEGORIZED), **values}
                     for code, values in sorted(by_field.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]
        if station.categories else [],
        "campaigns": _campaigns(station, first, last, [r for r in (rows if campaign_rows is None else campaign_rows)
                                                       if r["status"] == "aired"], known or (first, last)),
        "problems": [{"scheduled_at": r["scheduled_at"], "program": r["program"], "item": r["item"],
                      "status": r["status"], "reason": r["reason"] or ""}
                     for r in rows if r["status"] in PROBLEMS],
    }


def program_airings(rows: list[dict]) -> int:
    """Distinct scheduled slots among `rows` (emergencies aside); a program aired in three zones is three airings,
    as its airtime is counted three times."""
    return len({(r.get("zone") or "", r["slot"], r["scheduled_at"]) for r in rows if r["slot"] != EMERGENCY_SLOT})


def _seconds(rows: list[dict]) -> float:
    return round(sum(r["duration_s"] or 0.0 for r in rows), 1)


def _grouped(rows: list[dict], key) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return {name: {"airings": len(members), "airtime_s": _seconds(members)} for name, members in groups.items()}


def _campaigns(station: Station, first: dt.date, last: dt.date, aired: list[dict], known: tuple[dt.date, dt.date]
               ) -> list[dict]:
    """Each campaign of schedule.yaml that runs in the period, target against achieved per week or month (each
    period on all its days); then any campaign the log names in [first, last] that schedule.yaml no longer has
    (its airings, no target)."""
    tz = station.tz
    by_campaign: dict[str, list[tuple[dt.date, dict]]] = defaultdict(list)  # each row with its station date
    for row in aired:
        if row.get("campaign"):
            by_campaign[row["campaign"]].append((dt.datetime.fromisoformat(row["scheduled_at"]).astimezone(tz).date(),
                                                 row))
    found = []
    for campaign in station.campaigns:
        if campaign.last < first or campaign.first > last:
            continue
        periods = []
        zones = _carrying_zones(station, campaign)
        measure = len if campaign.target.airings is not None else _seconds
        for start, end in campaign.periods(first, last):
            members = [row for day, row in by_campaign.get(campaign.name, []) if start <= day <= end]
            by_zone = {zone: measure([r for r in members if (r.get("zone") or "") in (zone, "")]) for zone in zones}
            # Each hamlet must hear the campaign as often as the target asks: a zoned station is judged by the
            # zone that heard it least (its placement aims at the target in every zone), not by their sum.
            achieved = min(by_zone.values()) if by_zone else measure(members)
            periods.append({"start": start.isoformat(), "end": end.isoformat(),
                            **campaign.judge((start, end), achieved, known), **({"zones": by_zone} if by_zone else {})})
        found.append(_campaign_json(campaign, periods))
    declared = {c.name for c in station.campaigns}
    for name, members in sorted(by_campaign.items()):
        inside = [row for day, row in members if first <= day <= last]
        if name not in declared and inside:
            found.append({"name": name, "basis": "", "target": None, "unit": "airings", "periods": [
                {"start": first.isoformat(), "end": last.isoformat(), "target": None, "achieved": len(inside),
                 "met": None, "state": ""}]})
    return found


def _carrying_zones(station: Station, campaign: Campaign) -> list[str]:
    """The station's zones where a slot of one of the campaign's programs airs (none for a station without
    zones)."""
    return [zone for zone in station.zones if any(slot.airs_in(zone) and slot.program in campaign.programs
                                                  for slot in station.slots)]


def _campaign_json(campaign: Campaign, periods: list[dict]) -> dict:
    return {"name": campaign.name, "basis": campaign.basis, "target": campaign.target.as_json(),
            "unit": "airings" if campaign.target.airings is not None else "seconds", "periods": periods}
