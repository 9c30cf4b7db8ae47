"""The station's voices as an officer knows them, for `radio voice list` and the console alike: each engine of
speech.engines in its order (the first reads unless a program or a bulletin chooses another; the next ones take
over when it fails), then the neural voices in voices/ that no engine reads yet. For each: what it is called,
online or not, the reading rules it follows, where it came from, its licence, its measured speed, and what it
still lacks to read (a vendor's key, a voice file), never the key itself."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from radio.speech.engines import EngineUnavailable
from radio.speech.keys import key_for

if TYPE_CHECKING:
    from radio.station import Station

DEFAULT_VOICE = "giọng mặc định của đài"
_BUILT_IN = {  # engine: (what it is, licence)
    "gtts": ("Google Dịch qua gTTS (không chính thức)", "điều khoản của Google"),
    "espeak": ("espeak-ng, cài cùng radio (pip)", "GPL-3.0"),
}


@dataclass(frozen=True)
class StationVoice:
    engine: str  # as speech.engines names it
    label: str
    online: bool
    region: str  # whose reading rules: north, central, south
    source: str
    licence: str
    real_time_factor: float | None  # measured when added (neural voices)
    missing: str  # what it lacks to read now; "" when nothing
    in_engines: bool


def voice_label(voice: str) -> str:
    """"gtts:vi", "espeak:vi", "fpt:lannhi", "piper:vi_VN-vais1000-medium" as the officer knows them."""
    from radio.speech.vendors import REGIONS, VENDORS
    engine, _, name = voice.partition(":")
    if engine in VENDORS:
        region = VENDORS[engine].VOICES.get(name)
        return f"{VENDORS[engine].label}, {name}" + (f" ({REGIONS[region]})" if region else "")
    return {"gtts": "giọng Google (trực tuyến)", "espeak": "giọng đọc ngoại tuyến",
            "piper": f"giọng nơ-ron ngoại tuyến {name}"}.get(engine, f"giọng {voice}")


def engine_label(station: Station, engine: str) -> str:
    """An engine of the station's ("fpt") as the officer knows it: with the voice the station buys of it."""
    return voice_label(f"{engine}:{_chosen(station, engine)}")


def _chosen(station: Station, engine: str) -> str:
    from radio.speech.vendors import VENDORS
    if engine == "piper":
        return _piper(station)[0]
    return station.vendor_voices.get(engine) or (VENDORS[engine].DEFAULT if engine in VENDORS else "vi")


def _piper(station: Station) -> tuple[str, str]:
    """(the neural voice piper reads with, what it lacks: "" when its file is there)."""
    from radio.speech.neural import model_path
    try:
        return model_path(station.folder, station.vendor_voices.get("piper")).stem, ""
    except EngineUnavailable as error:
        return station.vendor_voices.get("piper") or "", str(error)


def station_voices(station: Station) -> list[StationVoice]:
    from radio.speech.neural import read_index
    index = read_index(station.folder)
    piper = _piper(station)
    found = [_engine_voice(station, engine, index, piper) for engine in station.engines]
    reading = piper[0] if "piper" in station.engines else None
    unused = (f"chưa dùng: chọn bằng speech.voices.piper trong {station.schedule_path.name}" if reading is not None
              else f"chưa dùng: thêm piper vào speech.engines trong {station.schedule_path.name}")
    for name, entry in index.items():
        if name != reading:
            found.append(_neural(station, name, entry, unused, in_engines=False))
    return found


def _engine_voice(station: Station, engine: str, index: dict, piper: tuple[str, str]) -> StationVoice:
    from radio.speech.vendors import VENDORS, missing_key
    if engine == "piper":
        name, missing = piper
        return _neural(station, name, index.get(name, {}), missing, in_engines=True)
    if engine in VENDORS:
        vendor = VENDORS[engine]
        name = _chosen(station, engine)
        missing = "" if key_for(vendor.KEY, station.folder) else missing_key(vendor)
        return StationVoice(engine, engine_label(station, engine), True,
                            vendor.VOICES.get(name, station.dialect), vendor.label.removeprefix("giọng đọc "),
                            "dịch vụ trả phí", None, missing, True)
    source, licence = _BUILT_IN[engine]
    return StationVoice(engine, engine_label(station, engine), engine == "gtts", station.dialect, source, licence,
                        None, "", True)


def _neural(station: Station, name: str, entry: dict, missing: str, in_engines: bool) -> StationVoice:
    return StationVoice("piper", voice_label(f"piper:{name}"), False, station.dialect, entry.get("source", ""),
                        entry.get("licence", ""), entry.get("real_time_factor"), missing, in_engines)
