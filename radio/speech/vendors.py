"""Voices Vietnamese stations buy, beside gTTS: FPT.AI (asynchronous: the request returns a link that becomes
ready later) and Viettel AI (synchronous REST), each with northern, central and southern voices. Keys come
from the environment (FPT_AI_KEY, VIETTEL_AI_KEY) or the station's voice-keys.json (radio.speech.keys), never
from schedule.yaml, never printed. They follow the
online rules of radio.speech.engines.OnlineEngine: timeout, retries, circuit breaker, fall back down the
station's `engines:` list. RADIO_FPT_URL / RADIO_VIETTEL_URL point them elsewhere (a proxy, the tests'
fake servers).

    speech:
      engines: [fpt, gtts, espeak]
      voices: {fpt: lannhi, viettel: hcm-diemmy}
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import httpx

from radio.ffmpeg import AudioSegment
from radio.speech.engines import EngineUnavailable, OnlineEngine, VendorRefused, decode_mp3
from radio.speech.keys import key_for

REGIONS = {"north": "giọng Bắc", "central": "giọng Trung", "south": "giọng Nam"}


class VendorEngine(OnlineEngine):
    """A vendor's voice: its name among the vendor's VOICES (each with its region), its key from KEY."""
    VOICES: dict[str, str] = {}
    DEFAULT = ""
    KEY = ""

    def __init__(self, voice: str | None = None, folder: Path | None = None, **online):
        super().__init__(**online)
        self.voice_name = voice or self.DEFAULT
        self.folder = folder  # the station's, whose voice-keys.json may hold the key

    @property
    def voice(self) -> str:
        return f"{self.name}:{self.voice_name}"

    @property
    def dialect(self) -> str:
        """The reading rules this voice follows: a southern voice says ngàn and lẻ, the others nghìn and linh
        (radio.speech.normalize's two dialects), whatever the station's own setting."""
        return "south" if self.VOICES.get(self.voice_name) == "south" else "north"


class FptEngine(VendorEngine):
    name = "fpt"
    label = "giọng đọc FPT.AI"
    URL = "https://api.fpt.ai/hmi/tts/v5"
    KEY = "FPT_AI_KEY"
    VOICES = {"banmai": "north", "thuminh": "north", "leminh": "north", "myan": "central", "giahuy": "central",
              "ngoclam": "central", "lannhi": "south", "linhsan": "south", "minhquang": "south"}
    DEFAULT = "banmai"
    READY_WITHIN_S = 20.0  # the link FPT answers with is a file made a few seconds later
    POLL_S = 0.5

    def _once(self, text: str, rate: float) -> AudioSegment:
        speed = str(max(-3, min(3, round((rate - 1.0) * 10))))  # FPT's speed runs -3..+3
        answer = httpx.post(os.environ.get("RADIO_FPT_URL", self.URL), content=text.encode("utf-8"),
                            headers={"api-key": _key(self), "voice": self.voice_name, "speed": speed},
                            timeout=self.timeout_s)
        body = _checked(self, answer)
        if body.get("error") not in (0, None) or not body.get("async"):
            raise VendorRefused(f"FPT.AI từ chối: {body.get('message') or body.get('error')}")
        deadline = time.monotonic() + self.READY_WITHIN_S
        while time.monotonic() < deadline:
            ready = httpx.get(body["async"], timeout=self.timeout_s)
            if ready.status_code == 200 and ready.content:
                return decode_mp3(ready.content, 1.0)  # the speed was FPT's to apply
            if ready.status_code not in (403, 404):
                raise EngineUnavailable(f"tệp âm thanh của FPT.AI không tải được (mã {ready.status_code})")
            time.sleep(self.POLL_S)
        raise EngineUnavailable(f"tệp âm thanh của FPT.AI chưa sẵn sàng sau {self.READY_WITHIN_S:g} giây")


class ViettelEngine(VendorEngine):
    name = "viettel"
    label = "giọng đọc Viettel AI"
    URL = "https://viettelai.vn/tts/speech_synthesis"
    KEY = "VIETTEL_AI_KEY"
    VOICES = {"hn-quynhanh": "north", "hn-phuongtrang": "north", "hn-thaochi": "north", "hn-thanhha": "north",
              "hn-thanhtung": "north", "hue-maingoc": "central", "hue-baoquoc": "central",
              "hcm-diemmy": "south", "hcm-phuongly": "south", "hcm-thuydung": "south", "hcm-minhquan": "south"}
    DEFAULT = "hn-quynhanh"

    def _once(self, text: str, rate: float) -> AudioSegment:
        answer = httpx.post(os.environ.get("RADIO_VIETTEL_URL", self.URL), timeout=self.timeout_s,
                            json={"text": text, "voice": self.voice_name, "speed": round(rate, 2),
                                  "tts_return_option": 3, "token": _key(self), "without_filter": False})
        if answer.status_code == 200 and answer.headers.get("content-type", "").startswith("audio"):
            return decode_mp3(answer.content, 1.0)  # the speed was Viettel's to apply
        body = _checked(self, answer)
        raise VendorRefused(f"Viettel AI từ chối: {body.get('vi_message') or body.get('en_message') or body}")


VENDORS = {engine.name: engine for engine in (FptEngine, ViettelEngine)}


def _key(engine: VendorEngine) -> str:
    key = key_for(engine.KEY, engine.folder)
    if not key:
        raise VendorRefused(missing_key(engine))
    return key


def missing_key(engine: type[VendorEngine] | VendorEngine) -> str:
    return f"chưa có khóa {engine.KEY} (radio voice key {engine.name})"


def _checked(engine: VendorEngine, answer) -> dict:
    """The vendor's JSON, or why not: a refused key stays refused; a rate limit or a 5xx may pass."""
    if answer.status_code in (401, 403):
        raise VendorRefused(f"khóa {engine.KEY} bị từ chối (mã {answer.status_code})")
    if answer.status_code == 429:
        raise EngineUnavailable("vượt giới hạn số yêu cầu của nhà cung cấp (mã 429)")
    if answer.status_code >= 500:
        raise EngineUnavailable(f"máy chủ nhà cung cấp lỗi (mã {answer.status_code})")
    try:
        body = answer.json()
    except ValueError:
        raise EngineUnavailable(f"nhà cung cấp trả lời không phải JSON (mã {answer.status_code})") from None
    return body if isinstance(body, dict) else {"message": str(body)}
