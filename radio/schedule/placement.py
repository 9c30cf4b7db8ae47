"""Where each campaign's bulletins air: the target per week or month met by placing bulletins of its pool in
its programs, rotating through the pool.

Pure and deterministic: a campaign is laid out period by period from its first day, so a day's plan is the
same whoever asks (radio plan, the daemon, radio simulate). In each period the placements are spread
evenly over the slots of the campaign's programs; each takes the bulletin of the pool aired least so far
(then the higher priority, then the one aired longest ago), never one already placed that day unless the
pool is too small. Only bulletins that may air that day count: valid, not drafts, approved where approval
is required. A period that cannot reach its target says so, with the numbers and the reason.

Planned with the log (its history) as of `now`, a period under way is measured against it: what its earlier
slots were given but did not air is made up at the first slot from `now` on. Slots before the log's first
moment are not counted (the station was not on air to miss them); a slot still on air, or cut and waiting to
resume, counts as airing what its run holds. The rest of the plan stays as laid out.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from radio.bulletin import PRIORITIES, Bulletin
from radio.campaigns import PERIOD_NAMES, Campaign
from radio.schedule.calendar import Occurrence, occurrences


@dataclass
class PeriodPlan:
    campaign: Campaign
    start: dt.date
    end: dt.date
    wanted: float  # airings, or seconds for a minutes target
    placed: dict[tuple[str, str], list[Bulletin]] = field(default_factory=dict)  # occurrence key -> bulletins
    achieved: float = 0.0
    reason: str = ""

    @property
    def met(self) -> bool:
        return self.achieved >= self.wanted

    def shortfall(self) -> str:
        """The warning radio plan and radio check print for a period that falls short."""
        per = PERIOD_NAMES[self.campaign.target.per]
        if self.campaign.target.airings is not None:
            numbers = f"chỉ xếp được {self.achieved:.0f}/{self.wanted:.0f} lần phát"
        else:
            numbers = f"chỉ xếp được {self.achieved / 60:.1f}/{self.wanted / 60:.0f} phút"
        return (f"chiến dịch '{self.campaign.name}', {per} {self.start:%d/%m}–{self.end:%d/%m/%Y}: {numbers} "
                f"({self.reason}).")


def occurrence_key(occurrence) -> tuple[str, str]:
    return occurrence.label, occurrence.start.isoformat()


class CampaignPlanner:
    """Lays out every campaign of a station; `pool(campaign, day)` gives the bulletins that may air that day,
    `seconds(bulletin, occurrence)` how long one runs in that slot's program, read in its voice (rendered, or
    estimated)."""

    def __init__(self, station, pool: Callable[[Campaign, dt.date], list[Bulletin]],
                 seconds: Callable[[Bulletin, Occurrence], float], history, now: dt.datetime):
        """`history`: the zone's log (radio.logbook.History); a period under way makes up at the first slot
        from `now` on for what its earlier slots were planned but did not air (a power cut, a missed slot), so
        the target is still met."""
        self.station = station
        self.pool = pool
        self.seconds = seconds
        self.history = history
        self.now = now
        self._laid: dict[str, list[PeriodPlan]] = {}  # campaign -> its periods from the first, in order
        self._counts: dict[str, dict[str, int]] = {}
        self._last: dict[str, dict[str, int]] = {}  # bulletin -> the placement number it last aired at

    def for_occurrence(self, occurrence) -> list[tuple[Campaign, Bulletin]]:
        """The campaign bulletins this slot carries, in campaign order."""
        day, key, found = occurrence.start.date(), occurrence_key(occurrence), []
        for campaign in self.station.campaigns:
            if campaign.active_on(day) and occurrence.slot.program in campaign.programs:
                period = self._period(campaign, day)
                found += [(campaign, bulletin) for bulletin in period.placed.get(key, [])]
        return found

    def periods(self, first: dt.date, last: dt.date) -> list[PeriodPlan]:
        """Every campaign's periods that meet [first, last], laid out."""
        found = []
        for campaign in self.station.campaigns:
            for start, _ in campaign.periods(first, last):
                found.append(self._period(campaign, start))
        return found

    # ------------------------------------------------------------------ layout

    def _period(self, campaign: Campaign, day: dt.date) -> PeriodPlan:
        laid = self._laid.setdefault(campaign.name, [])
        while not laid or laid[-1].end < day:
            following = laid[-1].end + dt.timedelta(days=1) if laid else campaign.first
            start, end = campaign.periods(following, campaign.last)[0]
            laid.append(self._lay_out(campaign, start, end))
        return next(p for p in laid if p.start <= day <= p.end)

    def _lay_out(self, campaign: Campaign, start: dt.date, end: dt.date) -> PeriodPlan:
        plan = PeriodPlan(campaign, start, end, campaign.wanted((start, end)))
        counts = self._counts.setdefault(campaign.name, {})
        last = self._last.setdefault(campaign.name, {})
        slots, empty_days, days = [], 0, (end - start).days + 1
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            pool = self.pool(campaign, day)
            empty_days += not pool
            slots += [(o, pool) for o in occurrences(self.station, day) if o.slot.program in campaign.programs and pool]
        if not slots:
            plan.reason = ("không có bản tin nào dùng được trong nhóm (hết hạn, nháp hoặc chưa duyệt)"
                           if empty_days == days else "không có khung giờ nào của " + ", ".join(campaign.programs))
            return plan
        by_minutes = campaign.target.airings is None
        wanted = plan.wanted if not by_minutes else -(-plan.wanted // max(1.0, _mean(
            [self.seconds(b, o) for o, pool in slots for b in pool])))
        placed_on: dict[dt.date, set[str]] = {}

        def place(occurrence, pool) -> bool:
            day, here = occurrence.start.date(), plan.placed.setdefault(occurrence_key(occurrence), [])
            today = placed_on.setdefault(day, set())
            usable = [b for b in pool if b.name not in {x.name for x in here}]  # never twice in one program
            fresh = [b for b in usable if b.name not in today] or usable  # twice a day only if the pool is small
            if not fresh:
                return False
            choice = min(fresh, key=lambda b: (counts.get(b.name, 0), -PRIORITIES.index(b.priority),
                                               last.get(b.name, -1), b.name))
            here.append(choice)
            today.add(choice.name)
            counts[choice.name] = counts.get(choice.name, 0) + 1
            last[choice.name] = sum(counts.values())
            plan.achieved += self.seconds(choice, occurrence) if by_minutes else 1
            return True

        # spread evenly: the i-th placement goes to the slot at (i + 1/2) of the way through the period
        order = [int((index + 0.5) * len(slots) / wanted) for index in range(int(wanted))]
        index = 0
        while True:
            if index < len(order):
                place(*slots[order[index]])
            elif by_minutes and plan.achieved < plan.wanted and index < len(slots) * 4:
                place(*slots[index % len(slots)])  # the estimates fell short: one more, round the slots
            else:
                break
            index += 1
        if start <= self.now.date() <= end:
            self._make_up(plan, slots, place, by_minutes)
        if not plan.met:
            pools = {b.name for _, pool in slots for b in pool}
            plan.reason = (f"{len(slots)} khung giờ có bản tin dùng được, nhóm còn {len(pools)} bản tin"
                           + (f"; {empty_days} ngày không còn bản tin nào dùng được" if empty_days else ""))
        return plan


    def _make_up(self, plan: PeriodPlan, slots: list, place, by_minutes: bool) -> None:
        """A period under way: what its slots before `now` were given but the log does not hold as aired goes
        into the first slot from `now` on (as many of the pool as it takes, never twice in that program)."""
        origin = self.history.origin()
        if origin is None:
            return
        past = [o for o, _ in slots if origin <= o.start < self.now]
        planned = sum(self.seconds(b, o) if by_minutes else 1
                      for o in past for b in plan.placed.get(occurrence_key(o), []))
        since = max(origin, dt.datetime.combine(plan.start, dt.time(), tzinfo=self.now.tzinfo))
        airings, seconds = self.history.campaign_done(plan.campaign.name, since, self.now)
        done = seconds if by_minutes else airings
        coming = [(o, pool) for o, pool in slots if o.start >= self.now]
        plan.achieved += done - planned  # the past as it aired, not as it was planned
        missing = planned - done
        while missing > 0 and coming and place(*coming[0]):
            added = plan.placed[occurrence_key(coming[0][0])][-1]
            missing -= self.seconds(added, coming[0][0]) if by_minutes else 1


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
