"""radio say, radio render."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from radio.bulletin import parse_date
from radio.cli.common import station_from, table
from radio.errors import StationError
from radio.mixing.master import EXPORT_CODECS, export_audio
from radio.yamlfile import read_text
from radio.render import Renderer
from radio.schedule.render_day import render_station, render_tasks


def _day(value: str | None, station) -> dt.date:
    if not value:
        return station.today()
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command("say")
@click.argument("text", required=False)
@click.option("-f", "--file", "text_file", type=click.Path(dir_okay=False),
              help="Đọc nội dung từ tệp văn bản này (thay cho đoạn văn bản).")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help=f"Tệp kết quả, định dạng theo đuôi: {', '.join(EXPORT_CODECS)}.")
@click.pass_context
def say(ctx: click.Context, text: str | None, text_file: str | None, output: str) -> None:
    """Đọc một đoạn văn bản thành tệp âm thanh đã xử lý (chuẩn độ lớn của đài).

    Dùng cho việc đọc một lần; bản tin của đài thì để trong scripts/ và dùng radio render.

    \b
    Ví dụ:
      radio say "Mời bà con đến họp lúc 19h00." -o moi-hop.wav
      radio say -f thong-bao.txt -o thong-bao.mp3
    """
    if bool(text) == bool(text_file):
        raise click.UsageError("cần đúng một trong hai: đoạn văn bản, hoặc -f TỆP.")
    station = station_from(ctx)
    target = Path(output)
    if target.suffix.lower() not in EXPORT_CODECS:
        raise click.BadParameter(f"không biết định dạng '{target.suffix or '(không có đuôi)'}'; dùng một trong "
                                 f"{', '.join(EXPORT_CODECS)}.", param_hint="-o")
    if not target.parent.is_dir():
        raise StationError("không ghi được: không có thư mục này.", target.parent.absolute(),
                           hint="tạo thư mục trước, hoặc chọn nơi ghi khác.")
    if text_file:
        text = read_text(Path(text_file))
    renderer = Renderer(station)
    row = renderer.say(text, renderer.say_path(text), name=target.stem)  # mastered in the cache, not beside
    export_audio(Path(row.file), target, target.stem, station.name, station.today())
    click.echo(f"Đã ghi {target}: {row.duration_s:.1f} giây, {row.lufs:.1f} LUFS, "
               f"đỉnh {row.true_peak_db:.1f} dBTP, giọng {row.voice}.")
    for line in fallback_summary([row]):
        click.echo(line, err=True)


@click.command("render")
@click.argument("scripts", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--date", "day", help="Ngày phát của các chương trình (mặc định: hôm nay).")
@click.pass_context
def render(ctx: click.Context, scripts: tuple[str, ...], as_json: bool, day: str | None) -> None:
    """Dựng âm thanh các bản tin và các chương trình của đài.

    Không nêu tệp nào thì dựng tất cả bản tin trong scripts/ và mọi chương trình trong
    schedule.yaml. Bản tin nào lỗi thì bỏ qua, dựng tiếp các bản tin khác, cuối cùng liệt kê lỗi.

    \b
    Ví dụ:
      radio render
      radio render scripts/canh-bao-bao.md --json
    """
    station = station_from(ctx)
    paths = [_station_script(station, Path(s)) for s in scripts] or None
    day = _day(day, station)
    with click.progressbar(length=len(render_tasks(station, paths, day)), label="Đang dựng", file=sys.stderr,
                           show_pos=True, item_show_func=lambda name: name or "") as bar:
        def progress(name: str) -> None:
            bar.update(1, name)
        rows, problems = render_station(station, paths, day, progress=progress)
    if as_json:
        click.echo(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
    else:
        _print_report(rows)
    _print_problems(problems)
    if problems:
        ctx.exit(1)


def _station_script(station, path: Path) -> Path:
    """Only the station's own bulletins are rendered (and aired); anything else is a one-off for radio say."""
    try:
        path.resolve().relative_to(station.scripts_dir.resolve())
    except ValueError:
        raise StationError("không phải bản tin của đài (không nằm trong thư mục scripts/).", path,
                           hint=f"chép tệp vào scripts/ để đài phát, hoặc đọc một lần: radio say -f {path} "
                                "-o ket-qua.mp3") from None
    return path


def _print_report(rows) -> None:
    kinds = {"bulletin": "bản tin", "program": "chương trình", "say": "lời dẫn"}
    body = [[row.name + (f" (vùng {', '.join(row.zones)})" if row.zones else ""), kinds.get(row.kind, row.kind),
             f"{row.duration_s:6.1f} s", f"{row.lufs:6.1f}",
             f"{row.true_peak_db:6.1f}", row.voice] for row in rows]
    click.echo(table(["Mục", "Loại", "Thời lượng", "LUFS", "Đỉnh thật (dBTP)", "Giọng đọc"], body))
    for line in fallback_summary(rows):
        click.echo(line)


def fallback_summary(rows) -> list[str]:
    """Once per run, not once per bulletin: which voice could not be used, why, and for how many items."""
    by_engine: dict[str, tuple[str, set[str]]] = {}
    for row in rows:
        for note in row.notes:
            engine, _, why = note.partition(": ")
            by_engine.setdefault(engine, (why, set()))[1].add(row.name)
    lines = []
    for engine, (why, names) in by_engine.items():
        if engine == "gtts":
            lines.append(f"Chú ý: {why}. {len(names)} mục đọc bằng giọng ngoại tuyến; khi có mạng, đài tự đọc lại "
                         "bằng giọng Google.")
        else:
            lines.append(f"Chú ý: giọng {engine} không dùng được ({why}) cho {len(names)} mục.")
    return lines


def _print_problems(problems: list[StationError]) -> None:
    if not problems:
        return
    click.echo(f"\nKhông dựng được {len(problems)} mục:", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)


COMMANDS = (say, render)
