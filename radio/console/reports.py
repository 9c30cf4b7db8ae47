"""The Báo cáo page: the report for a period with its charts, and the Excel and Word files to download; the
same figures as `radio report` (radio/reports), its JSON twin at /api/report. The station's console shows its
own report; the hub's pages the same page over the report rolled up from every commune (radio.hub.report).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from radio.campaigns import Letterhead
from radio.errors import StationError
from radio.reports.charts import campaign_chart, category_chart
from radio.reports.document import write_document
from radio.reports.summary import period_of, report
from radio.reports.workbook import write_workbook
from radio.station import Station

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Report:
    """A report as the page and its downloads need it."""
    first: dt.date
    last: dt.date
    figures: dict
    title: str  # the workbook's
    letterhead: Letterhead  # the Word document's issuer
    today: dt.date
    exports: Path  # where the downloads are written before they are sent


def report_routes(desk, made) -> list[Route]:
    """The page, its charts and downloads; `made(request, place) -> Report` for the period the query asks."""
    async def page(request, place, user, csrf, form):
        found = made(request, place)
        return desk.render("report.html", request, user, csrf, figures=found.figures, first=found.first,
                           last=found.last, query=request.url.query)

    async def chart(request, place, user, csrf, form):
        figures = made(request, place).figures
        image = category_chart(figures) if request.path_params["which"] == "linh-vuc" else campaign_chart(figures)
        return Response(image or b"", media_type="image/png", status_code=200 if image else 404)

    async def download(request, place, user, csrf, form):
        kind = request.path_params["kind"]
        if kind not in ("xlsx", "docx"):
            raise StationError("chỉ tải được báo cáo dạng .xlsx hoặc .docx.")
        found = made(request, place)
        target = found.exports / f"bao-cao-{found.first}-{found.last}.{kind}"
        if kind == "xlsx":
            write_workbook(found.figures, target, found.title)
        else:
            write_document(found.figures, found.letterhead, target, found.today)
        return Response(target.read_bytes(), media_type=XLSX if kind == "xlsx" else DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{target.name}"'})

    return [Route("/bao-cao", desk.guarded(page)),
            Route("/bao-cao/bieu-do-{which:str}.png", desk.guarded(chart)),
            Route("/bao-cao.{kind:str}", desk.guarded(download))]


def period_asked(request: Request, today: dt.date) -> tuple[dt.date, dt.date]:
    query = request.query_params
    try:
        return period_of(today, query.get("from"), query.get("to"), query.get("month"))
    except ValueError as error:
        raise StationError(str(error).partition(": ")[2]) from None


def station_report(request: Request, station: Station) -> Report:
    first, last = period_asked(request, station.today())
    return Report(first, last, report(station, first, last), f"Báo cáo phát sóng {station.name}", station.letterhead,
                  station.today(), station.cache_dir / "exports")
