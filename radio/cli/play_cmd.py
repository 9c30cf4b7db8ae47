"""radio play."""
from __future__ import annotations

from pathlib import Path

import click

from radio.cli.common import station_from
from radio.errors import StationError
from radio.mixing.sources import wav_duration
from radio.playout import playable_wav, segment_plans
from radio.playout.feeder import RATE, Airing, Feeder, SegmentPlan
from radio.playout.sinks import start_with_fallback
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
    segments, label = _resolve(station, what)
    feeder = Feeder(station.relay_timeout_s)
    warnings: list[str] = []
    sink = start_with_fallback(output_spec, feeder, station.rendered_dir / "recorded",
                               warn=lambda m: (warnings.append(m), click.echo(m, err=True)))
    click.echo(f"Đang phát: {label} → {sink.label}")
    airing = Airing(label, segments)
    feeder.play(airing)
    try:
        airing.done.wait()
        feeder.busy_until_idle()
    finally:
        sink.stop()
    click.echo("Đã phát xong." if not warnings else "Đã ghi ra tệp (không phát được ra loa).")
    if warnings:
        ctx.exit(1)


def _resolve(station, what: str | None) -> tuple[list[SegmentPlan], str]:
    if what is None:
        if not station.programs:
            raise StationError("đài chưa có chương trình nào trong schedule.yaml.", station.schedule_path)
        what = station.slots[0].program if station.slots else next(iter(station.programs))
    if what in station.programs:
        program = station.programs[what]
        rendered, problems = Renderer(station).render_program(program, station.today())
        for problem in problems:
            click.echo(f"Bỏ qua: {problem}", err=True)
        if rendered is None:
            raise StationError(f"không dựng được chương trình '{what}'.", station.schedule_path, program.line)
        return segment_plans(rendered.segments), f"chương trình «{program.title}»"
    path = Path(what)
    if not path.is_file():
        names = ", ".join(station.programs) or "(chưa có)"
        raise StationError(f"'{what}' không phải tên chương trình ({names}) cũng không phải tệp âm thanh.")
    wav = playable_wav(path, station.cache_dir / "play")
    return [SegmentPlan("audio", round(wav_duration(wav) * RATE), str(wav))], f"tệp {path.name}"


COMMANDS = (play,)
