"""radio play."""
from __future__ import annotations

from pathlib import Path

import click

from radio.cli.common import station_from
from radio.errors import StationError
from radio.playout import FileOutput, OutputError, open_output, playable_wav
from radio.render import Renderer


@click.command("play")
@click.argument("what", required=False)
@click.option("--output", "output_spec", default="device", show_default=True,
              help="Đầu ra: device (loa), null (không phát ra tiếng) hoặc file:THƯ_MỤC (ghi ra tệp).")
@click.pass_context
def play(ctx: click.Context, what: str | None, output_spec: str) -> None:
    """Phát ngay một chương trình (theo tên) hoặc một tệp âm thanh.

    Không nêu gì thì phát chương trình đầu tiên trong lịch. Chương trình chưa dựng sẽ được dựng trước.
    Không mở được loa thì ghi ra tệp trong audio/rendered/recorded/ để không mất âm thanh.

    \b
    Ví dụ:
      radio play sang
      radio play audio/rendered/bulletins/canh-bao-bao.wav --output null
    """
    station = station_from(ctx)
    path, label = _resolve(station, what)
    output = open_output(output_spec)
    wav = playable_wav(path, station.cache_dir / "play")
    click.echo(f"Đang phát: {label} ({path}) → {output.label}")
    try:
        output.play(wav)
    except OutputError as error:
        fallback = FileOutput(station.rendered_dir / "recorded")
        click.echo(f"CẢNH BÁO: {error} Âm thanh được ghi vào {fallback.folder} để không bị mất.", err=True)
        fallback.play(wav)
        click.echo(f"Đã ghi: {fallback.recorded[-1]}")
        ctx.exit(1)
    click.echo("Đã phát xong.")


def _resolve(station, what: str | None) -> tuple[Path, str]:
    if what is None:
        if not station.programs:
            raise StationError("đài chưa có chương trình nào trong schedule.yaml.", station.schedule_path)
        first = station.slots[0].program if station.slots else next(iter(station.programs))
        what = first
    if what in station.programs:
        program = station.programs[what]
        row, problems = Renderer(station).program(program, station.today())
        for problem in problems:
            click.echo(f"Bỏ qua: {problem}", err=True)
        if row is None:
            raise StationError(f"không dựng được chương trình '{what}'.", station.schedule_path, program.line)
        return Path(row.file), f"chương trình «{program.title}»"
    path = Path(what)
    if not path.is_file():
        names = ", ".join(station.programs) or "(chưa có)"
        raise StationError(f"'{what}' không phải tên chương trình ({names}) cũng không phải tệp âm thanh.")
    return path, f"tệp {path.name}"


COMMANDS = (play,)
