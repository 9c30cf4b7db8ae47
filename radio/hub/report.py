"""The centre's report: `radio report` for each commune, made at the hub from the rows the hub holds, and
rolled up over all communes (by commune, by lĩnh vực, by campaign), in the same shape as a station's report
so the same workbook and Word writers lay it out, the Word one issued by the centre.

Each commune's figures are exactly what `radio report` gives at the station for the same days (the same
function, radio.reports.summary.figures, over the same rows), with the station's own time zone and lĩnh vực
map, which every station reports in its health. A campaign period is judged only on the days the hub holds
the commune's whole log: a station still behind (rows not yet sent) is "đang diễn ra", never failed.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import yaml

from radio.campaigns import Campaign, Letterhead
from radio.errors import StationError
from radio.hub.centre import campaigns as hub_campaigns
from radio.hub.store import Store
from radio.reports.summary import PROBLEMS, campaign_span, figures
from radio.station import Station, campaigns_at_hub

SUMMED = ("programs", "airtime_s", "items", "relay_s", "emergencies", *PROBLEMS)


def rollup(store: Store, hub_name: str, first: dt.date, last: dt.date, today: dt.date) -> dict:
    """`today`: the hub's (Hub.today), from which each commune's log counts as complete up to yesterday."""
    running = hub_campaigns(store)
    enrolled = store.stations()
    notes: list[str] = []
    communes = [_commune(row, [c for c, sent in running if sent["targets"] is None or row["id"] in sent["targets"]],
                         notes) for row in enrolled]
    spans = [campaign_span(station, first, last) or (first, last) for station in communes]
    since = min([first, *(span[0] for span in spans)]) - dt.timedelta(days=1)
    until = max([last, *(span[1] for span in spans)]) + dt.timedelta(days=2)
    held = store.rows_scheduled(since.isoformat(), until.isoformat())
    each = []
    for station, row, span in zip(communes, enrolled, spans):
        rows = held.get(row["id"], [])
        known = _known(store, row, station, today)
        each.append((row, figures(station, first, last, _between(rows, station, first, last),
                                  _between(rows, station, *span), known)))
    return _rolled_up(hub_name, first, last, each) | {"notes": notes}


def hub_letterhead(hub_name: str, given: dict | None = None) -> Letterhead:
    """The centre as the issuer (hub.yaml's `report:` overrides, with the keys of schedule.yaml's)."""
    values = {"issuer": hub_name.upper(), "symbol": "BC-TTVHTT", "signer_title": "GIÁM ĐỐC"}
    values |= {key: str(value) for key, value in (given or {}).items() if key in Letterhead.__dataclass_fields__}
    return Letterhead(**values)


def _commune(row: dict, from_centre: list[Campaign], notes: list[str]) -> Station:
    """A commune as its report needs it: its name, and what its health carries (time zone, lĩnh vực map, the
    campaigns it runs, its own and the centre's, in its order), then the centre's it has not received yet.
    Campaigns it describes in a way the hub cannot read (a station of another version) are left out of its
    figures, and `notes` says so: the centre's still count."""
    profile = (row["health"] or {}).get("station") or {}
    declared = []
    if profile.get("campaigns"):
        try:
            declared = [campaign for campaign, _ in campaigns_at_hub(
                Path(f"{row['id']}: schedule.yaml"), yaml.safe_dump({"campaigns": profile["campaigns"]}))]
        except StationError as error:
            notes.append(f"{row['name']}: trung tâm không đọc được chiến dịch đài tự khai ({error.message}); "
                         "báo cáo chỉ tính các chiến dịch của trung tâm cho đài này.")
    names = {campaign.name for campaign in declared}
    station = Station(folder=Path("."), name=row["name"],
                      campaigns=declared + [c for c in from_centre if c.name not in names],
                      categories={str(k): int(v) for k, v in (profile.get("categories") or {}).items()})
    if profile.get("timezone"):
        station.timezone = str(profile["timezone"])
    return station


def _between(rows: list[dict], station: Station, first: dt.date, last: dt.date) -> list[dict]:
    tz = station.tz
    return [row for row in rows if first <= dt.datetime.fromisoformat(row["scheduled_at"]).astimezone(tz).date() <= last]


def _known(store: Store, row: dict, station: Station, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days the hub holds the commune's whole log: from its first row to yesterday, or to the day before
    the oldest row the station still has to send."""
    began = store.first_row_at(row["id"])
    if began is None or row["last_seen"] is None:
        return today, today - dt.timedelta(days=1)  # nothing known: every period is "đang diễn ra"
    tz = station.tz
    end = today - dt.timedelta(days=1)
    unsent = (row["health"] or {}).get("oldest_unsent_at")
    if unsent:
        try:
            end = min(end, dt.datetime.fromisoformat(unsent).astimezone(tz).date() - dt.timedelta(days=1))
        except ValueError:
            pass
    return dt.datetime.fromisoformat(began).astimezone(tz).date(), end


def _rolled_up(hub_name: str, first: dt.date, last: dt.date, each: list[tuple[dict, dict]]) -> dict:
    totals = {key: round(sum(f["totals"][key] for _, f in each), 1) for key in SUMMED}
    by_category: dict = defaultdict(lambda: {"airings": 0, "airtime_s": 0.0, "field": None})
    by_field: dict = defaultdict(lambda: {"airings": 0, "airtime_s": 0.0, "name": ""})
    for _, commune in each:
        for group in commune["by_category"]:
            into = by_category[group["category"]]
            into["airings"] += group["airings"]
            into["airtime_s"] = round(into["airtime_s"] + group["airtime_s"], 1)
            into["field"] = into["field"] or group["field"]
        for group in commune["by_field"]:
            into = by_field[group["field"]]
            into["airings"] += group["airings"]
            into["airtime_s"] = round(into["airtime_s"] + group["airtime_s"], 1)
            into["name"] = group["name"]
    return {
        "station": hub_name, "from": first.isoformat(), "to": last.isoformat(), "totals": totals,
        "by_category": [{"category": name, **values} for name, values in
                        sorted(by_category.items(), key=lambda kv: -kv[1]["airtime_s"])],
        "by_field": [{"field": code, **values} for code, values in
                     sorted(by_field.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))],
        "campaigns": _campaigns(each),
        "problems": [{**problem, "program": f"{row['name']}: {problem['program']}", "station": row["id"]}
                     for row, commune in each for problem in commune["problems"]],
        "communes": [{"station": row["id"], "name": row["name"], **{k: commune["totals"][k] for k in SUMMED},
                      "campaigns": [{"name": c["name"], "states": [p["state"] for p in c["periods"]]}
                                    for c in commune["campaigns"]]}
                     for row, commune in each],
    }


def _campaigns(each: list[tuple[dict, dict]]) -> list[dict]:
    """Each campaign over the communes that run it (the centre's, or one a commune declared itself): per
    period the communes' targets and airings added up, and how many communes met theirs ("142/168 xã đạt"),
    with who did not."""
    named: dict[str, dict] = {}
    for row, commune in each:
        for campaign in commune["campaigns"]:
            into = named.setdefault(campaign["name"], {key: campaign[key] for key in ("name", "basis", "target", "unit")}
                                    | {"periods": defaultdict(list)})
            for period in campaign["periods"]:
                into["periods"][(period["start"], period["end"])].append((row["name"], period))
    return [campaign | {"periods": [_period(start, end, judged) for (start, end), judged
                                    in sorted(campaign["periods"].items())]} for campaign in named.values()]


def _period(start: str, end: str, judged: list[tuple[str, dict]]) -> dict:
    met = [name for name, period in judged if period["met"]]
    missed = [name for name, period in judged if period["met"] is False]
    running = [name for name, period in judged if period["met"] is None]
    targets = [period["target"] for _, period in judged]
    return {"start": start, "end": end, "target": None if None in targets else sum(targets),
            "achieved": round(sum(period["achieved"] for _, period in judged), 1),
            "met": None if running else not missed,
            "state": ", ".join(([f"{len(met)}/{len(met) + len(missed)} xã đạt"] if met or missed else [])
                               + ([f"{len(running)} xã chưa đủ số liệu"] if running else [])),
            "communes": len(judged), "met_by": met, "missed_by": missed, "running_at": running}
