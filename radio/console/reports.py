"""The console's Báo cáo page: the report for a period with its charts, and the Excel and Word files to
download; the same figures as `radio report` (radio/reports), its JSON twin at /api/report."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from radio.errors import StationError
from radio.reports.charts import campaign_chart, category_chart
from radio.reports.document import write_document
from radio.reports.summary import period_of, report
from radio.reports.workbook import write_workbook
from radio.station import Station

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_routes(console) -> list[Route]:
    async def page(request, station, user, csrf, form):
        first, last, figures = figures_for(request, station)
        return console.render("report.html", request, user, csrf, figures=figures, first=first, last=last,
                              query=request.url.query)

    async def chart(request, station, user, csrf, form):
        _, _, figures = figures_for(request, station)
        image = category_chart(figures) if request.path_params["which"] == "linh-vuc" else campaign_chart(figures)
        return Response(image or b"", media_type="image/png", status_code=200 if image else 404)

    async def download(request, station, user, csrf, form):
        kind = request.path_params["kind"]
        if kind not in ("xlsx", "docx"):
            raise StationError("chỉ tải được báo cáo dạng .xlsx hoặc .docx.")
        first, last, figures = figures_for(request, station)
        target = station.cache_dir / "exports" / f"bao-cao-{first}-{last}.{kind}"
        if kind == "xlsx":
            write_workbook(figures, target, f"Báo cáo phát sóng {station.name}")
        else:
            write_document(figures, station.letterhead, target, station.today())
        return Response(target.read_bytes(), media_type=XLSX if kind == "xlsx" else DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{target.name}"'})

    return [Route("/bao-cao", console.guarded(page)),
            Route("/bao-cao/bieu-do-{which:str}.png", console.guarded(chart)),
            Route("/bao-cao.{kind:str}", console.guarded(download))]


def figures_for(request: Request, station: Station):
    query = request.query_params
    try:
        first, last = period_of(station.today(), query.get("from"), query.get("to"), query.get("month"))
    except ValueError as error:
        raise StationError(str(error).partition(": ")[2]) from None
    return first, last, report(station, first, last)
