"""radio voice add|list|get: the station's voices (radio.speech.catalog); its offline neural ones (Piper format) live
in voices/."""
from __future__ import annotations

from pathlib import Path

import click

from radio.cli.common import station_folder, station_from, table


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
    click.echo(f"Đã thêm giọng {entry['name']}, giấy phép: {entry['licence']}; đọc nhanh gấp "
               f"{entry['real_time_factor']:g} lần thời gian thực trên máy này. Dùng: speech: "
               f"{{engines: [piper, espeak], voices: {{piper: {entry['name']}}}}}")


@voice.command("list")
@click.pass_context
def voice_list(ctx: click.Context) -> None:
    """Mọi giọng của đài, theo thứ tự speech.engines (giọng đầu đọc, giọng sau đọc thay khi giọng trước hỏng),
    rồi các giọng nơ-ron trong voices/ chưa dùng: nguồn, giấy phép, tốc độ đo được, còn thiếu gì để đọc."""
    from radio.speech.catalog import station_voices
    from radio.speech.vendors import REGIONS
    voices = station_voices(station_from(ctx))
    click.echo(table(["#", "Giọng", "Mạng", "Đọc theo", "Nguồn", "Giấy phép", "Nhanh gấp", "Còn thiếu"],
                     [[str(number) if voice.in_engines else "-", voice.label,
                       "trực tuyến" if voice.online else "ngoại tuyến", REGIONS.get(voice.region, voice.region),
                       voice.source[:50], voice.licence[:40],
                       f"{voice.real_time_factor:g}" if voice.real_time_factor else "",
                       voice.missing or "sẵn sàng"]
                      for number, voice in enumerate(voices, start=1)]))
    if not any(voice.engine == "piper" for voice in voices):
        click.echo("Chưa có giọng nơ-ron ngoại tuyến: radio voice get vais1000 (khi có mạng), "
                   "hoặc radio voice add TỆP.onnx.")


@voice.command("key")
@click.argument("engine", type=click.Choice(["fpt", "viettel"]))
@click.option("--xoa", is_flag=True, help="Quên khóa đã lưu.")
@click.pass_context
def voice_key(ctx: click.Context, engine: str, xoa: bool) -> None:
    """Lưu khóa của giọng mua (FPT.AI, Viettel AI) cho đài: gõ khóa khi được hỏi (không hiện lên màn hình).
    Khóa nằm trong voice-keys.json của đài, chỉ chủ máy đọc được; dịch vụ chạy đài dùng được ngay.

    \b
    Ví dụ:
      radio voice key fpt
      radio voice key viettel --xoa
    """
    from radio.speech.keys import store_key
    from radio.speech.vendors import VENDORS
    variable = VENDORS[engine].KEY
    value = "" if xoa else click.prompt(f"Khóa {variable}", hide_input=True, default="", show_default=False)
    store_key(station_folder(ctx), variable, value)
    click.echo(f"Đã lưu khóa {variable} cho đài (không in ra)." if value.strip()
               else f"Đài không còn lưu khóa {variable}.")


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
    click.echo(f"Đã tải và thêm giọng {entry['name']}, giấy phép: {entry['licence']}.")


COMMANDS = (voice,)
