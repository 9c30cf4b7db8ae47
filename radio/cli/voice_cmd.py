"""radio voice add|list|get: the station's offline neural voices (Piper format) in voices/."""
from __future__ import annotations

from pathlib import Path

import click

from radio.cli.common import station_folder, table


@click.group("voice")
def voice() -> None:
    """Giọng đọc nơ-ron ngoại tuyến (dạng Piper: tệp .onnx và .onnx.json) trong thư mục voices/ của đài."""


@voice.command("add")
@click.argument("model", type=click.Path(dir_okay=False))
@click.pass_context
def voice_add(ctx: click.Context, model: str) -> None:
    """Thêm một giọng: kiểm tra cặp tệp, chép vào voices/, đo tốc độ đọc trên máy này.

    \b
    Ví dụ:
      radio voice add E:/vi_VN-vais1000-medium.onnx      (tệp .onnx.json phải nằm cạnh)
    """
    from radio.speech.neural import add_voice
    entry = add_voice(station_folder(ctx), Path(model))
    click.echo(f"Đã thêm giọng {entry['name']} ({entry['licence']}); đọc nhanh gấp {entry['real_time_factor']:g} lần "
               f"thời gian thực trên máy này. Dùng: speech: {{engines: [piper, espeak], voices: {{piper: {entry['name']}}}}}")


@voice.command("list")
@click.pass_context
def voice_list(ctx: click.Context) -> None:
    """Các giọng nơ-ron của đài: nguồn, giấy phép, tốc độ đo được."""
    from radio.speech.neural import read_index
    index = read_index(station_folder(ctx))
    if not index:
        click.echo("Đài chưa có giọng nơ-ron nào (radio voice get vais1000, hoặc radio voice add TỆP.onnx).")
        return
    click.echo(table(["Giọng", "Nguồn", "Giấy phép", "Nhanh gấp (lần thời gian thực)"],
                     [[e["name"], e["source"][:60], e["licence"][:40], f"{e['real_time_factor']:g}"]
                      for e in index.values()]))


@voice.command("get")
@click.argument("name")
@click.pass_context
def voice_get(ctx: click.Context, name: str) -> None:
    """Tải một giọng đã biết từ nơi công bố của nó (mã băm ghim sẵn) khi máy có mạng.

    \b
    Ví dụ:
      radio voice get vais1000
    """
    from radio.speech.neural import fetch_known
    entry = fetch_known(station_folder(ctx), name)
    click.echo(f"Đã tải và thêm giọng {entry['name']} ({entry['licence']}).")


COMMANDS = (voice,)
