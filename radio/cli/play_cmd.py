"""radio play."""
from __future__ import annotations

from pathlib import Path

import click

from radio.cli.common import station_from, through_daemon
from radio.schedule.direct import air_once


@click.command("play")
@click.argument("what", required=False)
@click.option("--output", "output_spec", default="device", show_default=True,
              help="Khi đài không chạy: đầu ra device (loa), null (không phát ra tiếng) hoặc file:THƯ_MỤC.")
@click.pass_context
def play(ctx: click.Context, what: str | None, output_spec: str) -> None:
    """Phát ngay một chương trình (theo tên) hoặc một tệp âm thanh, và ghi vào nhật ký phát sóng.

    Không nêu gì thì phát chương trình đầu tiên trong lịch. Chương trình chưa dựng sẽ được dựng trước.
    Đài đang chạy (radio run) thì đài phát (sau mục đang phát); không thì phát trực tiếp.
    Không mở được loa thì ghi ra tệp trong audio/rendered/recorded/ để không mất âm thanh.

    \b
    Ví dụ:
      radio play sang
      radio play audio/rendered/bulletins/canh-bao-bao.wav --output null
    """
    target = str(Path(what).resolve()) if what and Path(what).is_file() else (what or "")
    answer = through_daemon(ctx, {"command": "play", "what": target})
    if answer is not None:
        for problem in answer.get("problems", []):
            click.echo(f"Bỏ qua: {problem}", err=True)
        click.echo("Đài đang chạy: " + answer["message"])
        return
    station = station_from(ctx)
    warnings: list[str] = []

    def start(director):
        airing, problems = director.play_now(target)
        for problem in problems:
            click.echo(f"Bỏ qua: {problem}", err=True)
        click.echo(f"Đang phát: {airing.name}")
        return airing

    _, label = air_once(station, output_spec, start, say=click.echo,
                        warn=lambda m: (warnings.append(m), click.echo(m, err=True)))
    click.echo(f"Đã phát xong → {label}." if not warnings else "Đã ghi ra tệp (không phát được ra loa).")
    if warnings:
        ctx.exit(1)


COMMANDS = (play,)
