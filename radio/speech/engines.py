"""Speech engines behind one small protocol: text in, mono 16-bit audio out.

`gtts` (Google, online) sounds best; `espeak` (libespeak-ng from a wheel) is offline and always there.
The station lists them in order; `radio.speech.voice.Speaker` falls through the list.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from radio.ffmpeg import AudioSegment

from radio import ffmpeg

SAMPLE_RATE = 44100
RATE_RANGE = (0.8, 1.3)


class EngineUnavailable(Exception):
    """The engine cannot speak right now (network down, library missing): try the next one."""


class Engine(Protocol):
    name: str

    @property
    def voice(self) -> str:
        """What the listener hears, for the render report and the cache key: 'gtts:vi'."""

    def synthesize(self, text: str, rate: float) -> AudioSegment:
        """Speak one sentence of already-normalized text at `rate` (0.8-1.3) or raise EngineUnavailable."""


def pcm_to_segment(pcm: bytes, sample_rate: int) -> AudioSegment:
    return AudioSegment(data=pcm, sample_width=2, frame_rate=sample_rate, channels=1)


class EspeakEngine:
    """libespeak-ng through its C API (synchronous mode, audio returned by callback)."""

    name = "espeak"
    WORDS_PER_MINUTE = 165  # at rate 1.0; espeak's own default (175) is hurried for outdoor horns
    _lock = threading.Lock()  # the library keeps global state
    _library = None
    _sample_rate = 0

    def __init__(self, voice: str = "vi"):
        self.voice_name = voice if voice.startswith("vi") else "vi"

    @property
    def voice(self) -> str:
        return f"espeak:{self.voice_name}"

    @classmethod
    def _load(cls):
        if cls._library is None:
            try:
                import espeakng_loader
                library = ctypes.CDLL(espeakng_loader.get_library_path())
                data_path = espeakng_loader.get_data_path().encode()
            except (ImportError, OSError, RuntimeError) as error:
                raise EngineUnavailable(f"không nạp được espeak-ng ({error})") from None
            library.espeak_Initialize.restype = ctypes.c_int
            rate = library.espeak_Initialize(2, 0, data_path, 0)  # 2 = AUDIO_OUTPUT_SYNCHRONOUS
            if rate <= 0:
                raise EngineUnavailable("espeak-ng không khởi động được")
            cls._callback = _SYNTH_CALLBACK(cls._collect)
            library.espeak_SetSynthCallback(cls._callback)
            cls._library, cls._sample_rate = library, rate
        return cls._library

    _chunks: list[bytes] = []

    @classmethod
    def _collect(cls, samples, count, _events):
        if samples and count > 0:
            cls._chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    def synthesize(self, text: str, rate: float) -> AudioSegment:
        with self._lock:
            library = self._load()
            if library.espeak_SetVoiceByName(self.voice_name.encode()) != 0:
                raise EngineUnavailable(f"espeak-ng không có giọng '{self.voice_name}'")
            library.espeak_SetParameter(1, int(round(self.WORDS_PER_MINUTE * rate)), 0)  # 1 = espeakRATE
            type(self)._chunks = []
            encoded = text.encode("utf-8")
            # position 0, POS_CHARACTER=1, end 0, espeakCHARS_UTF8=1
            if library.espeak_Synth(encoded, len(encoded) + 1, 0, 1, 0, 1, None, None) != 0:
                raise EngineUnavailable("espeak-ng không đọc được câu này")
            library.espeak_Synchronize()
            pcm = b"".join(self._chunks)
        return pcm_to_segment(pcm, self._sample_rate).set_frame_rate(SAMPLE_RATE)


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                   ctypes.c_void_p)


class OnlineEngine:
    """What every online voice shares: a timeout, retries with backoff for what may pass (a timeout, a 5xx,
    a rate limit), a circuit breaker (after a failure that survives the retries the engine stays "down" for
    a while, so a render on a station with no internet does not wait on every sentence).

    A failure that cannot succeed on retry (no such host, connection refused, no route) falls back at once,
    and is remembered for a minute in `state_dir` (the station's cache), so the next `radio say` or render
    does not even try; a key refused by the vendor falls back at once too, and stays down.
    Subclasses give `name`, `voice`, `label` (how the operator knows it) and `_once(text, rate)`.
    """

    name = "online"
    label = "giọng đọc trực tuyến"
    DOWN_FOR_S = 300.0
    NETWORK_DOWN_FILE = "network-down"
    REMEMBER_NETWORK_DOWN_S = 60.0

    def __init__(self, timeout_s: float = 8.0, retries: int = 2, backoff_s: float = 0.5,
                 clock=time.monotonic, sleep=time.sleep, state_dir: Path | None = None):
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self._clock = clock
        self._sleep = sleep
        self._down_until = float("-inf")
        self._marker = Path(state_dir) / self.NETWORK_DOWN_FILE if state_dir is not None else None
        self.last_error = ""

    def synthesize(self, text: str, rate: float) -> AudioSegment:
        if self._clock() < self._down_until:
            raise EngineUnavailable(f"{self.label} tạm ngừng dùng ({self.last_error})")
        remembered = self._remembered_down()
        if remembered:
            self.last_error = remembered
            raise EngineUnavailable(f"{self.label} không dùng được ({remembered})")
        return self._speak(text, rate)

    def _speak(self, text: str, rate: float) -> AudioSegment:
        return self._with_retries(lambda: self._once(text, rate))

    def _once(self, text: str, rate: float) -> AudioSegment:
        raise NotImplementedError

    def _with_retries(self, attempt) -> AudioSegment:
        for number in range(self.retries + 1):
            try:
                return attempt()
            except VendorRefused as error:  # a wrong key or a refused text: no retry will mend it
                self.last_error = str(error)
                break
            except Exception as error:  # noqa: BLE001 - every way an online voice fails means "not now"
                self.last_error = self._in_words(error)
                if _network_unreachable(error):
                    self._remember_down()
                    break
                if number < self.retries:
                    self._sleep(self.backoff_s * 2 ** number)
        self._down_until = self._clock() + self.DOWN_FOR_S
        raise EngineUnavailable(f"{self.label} không dùng được ({self.last_error})")

    def _in_words(self, error: Exception) -> str:
        if isinstance(error, (EngineUnavailable, VendorRefused)):
            return str(error)
        return "mất mạng hoặc mạng quá chậm" if isinstance(error, OSError) or "Timeout" in type(error).__name__ \
            or "Connect" in type(error).__name__ else f"trả lời không đúng ({type(error).__name__})"

    def _remember_down(self) -> None:
        """Tell the station's other processes (the daemon, the next radio say) for a minute."""
        if self._marker is not None:
            with contextlib.suppress(OSError):
                self._marker.parent.mkdir(parents=True, exist_ok=True)
                self._marker.write_text(self.last_error, encoding="utf-8")

    def _remembered_down(self) -> str:
        """Why the network was found unreachable less than a minute ago, by any process of the station."""
        if self._marker is None:
            return ""
        try:
            if time.time() - self._marker.stat().st_mtime < self.REMEMBER_NETWORK_DOWN_S:
                return self._marker.read_text(encoding="utf-8") or "mất mạng"
        except OSError:
            pass
        return ""


class VendorRefused(Exception):
    """The vendor answered no in a way a retry cannot mend (a wrong key, a refused text)."""


class GttsEngine(OnlineEngine):
    """Google Translate's voice through gTTS.

    gTTS cuts text at 100 characters wherever it falls; we cut long sentences ourselves at the
    clause boundary nearest the middle, and join the pieces with a short pause so the seam sounds
    like a comma, not a glitch.
    """

    name = "gtts"
    label = "giọng đọc Google"
    MAX_CHARS = 100
    SEAM_PAUSE_MS = 120

    @property
    def voice(self) -> str:
        return "gtts:vi"

    def _speak(self, text: str, rate: float) -> AudioSegment:
        pieces = [self._with_retries(lambda piece=piece: self._once(piece, rate))
                  for piece in split_for_limit(text, self.MAX_CHARS)]
        seam = AudioSegment.silent(self.SEAM_PAUSE_MS, frame_rate=SAMPLE_RATE)
        audio = pieces[0]
        for piece in pieces[1:]:
            audio = audio.append(seam, crossfade=0).append(piece, crossfade=min(15, len(piece) // 2))
        return audio

    def _once(self, text: str, rate: float) -> AudioSegment:
        from gtts import gTTS
        mp3 = b"".join(gTTS(text, lang="vi", timeout=self.timeout_s).stream())
        if not mp3:
            raise EngineUnavailable("máy chủ Google trả về dữ liệu rỗng")
        return decode_mp3(mp3, rate)

    def _in_words(self, error: Exception) -> str:
        return _in_words(error)


# What a retry cannot mend: the name does not resolve, nothing listens, there is no route.
_UNREACHABLE_ERRNOS = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}


def _network_unreachable(error: BaseException) -> bool:
    cause, seen = error, 0
    while cause is not None and seen < 8:
        if isinstance(cause, (socket.gaierror, ConnectionRefusedError)) or (
                isinstance(cause, OSError) and cause.errno in _UNREACHABLE_ERRNOS):
            return True
        if "NameResolutionError" in type(cause).__name__ or "Failed to resolve" in str(cause) \
                or "Connection refused" in str(cause):  # urllib3 keeps the cause as text only
            return True
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return False


def _in_words(error: Exception) -> str:
    """Why Google's voice did not answer, as an operator can act on it (the technical name stays out)."""
    import requests
    causes, cause = [], error
    while cause is not None and len(causes) < 5:  # gTTS wraps the requests error it met
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(c, (requests.exceptions.ConnectionError, requests.exceptions.Timeout, OSError)) for c in causes) \
            or (hasattr(error, "rsp") and error.rsp is None):
        return "mất mạng hoặc mạng quá chậm"
    status = getattr(getattr(error, "rsp", None), "status_code", None)
    if status is not None:
        return f"máy chủ Google từ chối (mã {status})"
    if isinstance(error, EngineUnavailable):
        return str(error)
    return "máy chủ Google trả lời không đúng"


def decode_mp3(mp3: bytes, rate: float = 1.0) -> AudioSegment:
    """MP3 bytes -> 44.1 kHz mono, tempo changed without pitch shift (atempo) when rate != 1."""
    tempo = ["-af", f"atempo={rate:.3f}"] if abs(rate - 1.0) > 1e-3 else []
    out = ffmpeg.run(["-f", "mp3", "-i", "pipe:0", *tempo, "-ac", "1", "-ar", str(SAMPLE_RATE),
                      "-f", "s16le", "pipe:1"], "giải mã giọng đọc", input_bytes=mp3)
    if not out:
        raise EngineUnavailable("âm thanh nhận được không giải mã được")
    return pcm_to_segment(bytes(out), SAMPLE_RATE)


_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+-\s+")


def split_for_limit(text: str, limit: int) -> list[str]:
    """Cut text longer than `limit` at clause marks (nearest the middle), then at spaces."""
    text = text.strip()
    if len(text) <= limit:
        return [text]
    middle = len(text) / 2
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text)] or [m.end() for m in re.finditer(r"\s+", text)]
    if not cuts:
        return [text[i:i + limit] for i in range(0, len(text), limit)]
    cut = min(cuts, key=lambda position: abs(position - middle))
    return split_for_limit(text[:cut], limit) + split_for_limit(text[cut:], limit)


def make_engine(name: str, voice: str, timeout_s: float, state_dir: Path | None = None,
                vendor_voices: dict[str, str] | None = None, folder: Path | None = None) -> Engine:
    """`state_dir`: where the station's processes share what they learned of the network; `vendor_voices`:
    the station's choice among a vendor's (or its own neural) voices; `folder`: the station's, whose voices/
    holds the neural ones (radio.speech.neural)."""
    if name == "piper":
        from radio.speech.neural import PiperEngine
        return PiperEngine(folder or Path("."), (vendor_voices or {}).get("piper"))
    if name == "gtts":
        return GttsEngine(timeout_s=timeout_s, state_dir=state_dir)
    if name == "espeak":
        return EspeakEngine(voice)
    from radio.speech.vendors import VENDORS
    if name in VENDORS:
        return VENDORS[name]((vendor_voices or {}).get(name), folder, timeout_s=timeout_s, state_dir=state_dir)
    raise ValueError(name)


@dataclass(frozen=True)
class QuickVoice:
    engine: object
    seconds_per_word: float

    @property
    def label(self) -> str:
        return getattr(self.engine, "label", self.engine.name)

    def seconds_for(self, text: str) -> float:
        return self.seconds_per_word * max(1, len(text.split()))


_QUICKEST: dict[tuple, QuickVoice | None] = {}
SPEED_PROBE = "Thông báo khẩn cấp của đài truyền thanh xã, đề nghị bà con chú ý lắng nghe."


def quickest_offline_voice(station) -> QuickVoice | None:
    """For an emergency's first words (radio.schedule.director): the station's fastest offline voice (espeak-ng
    always among them), timed once per process on a notice-length sentence; None when none speaks here."""
    key = (station.folder, station.engines, station.voice, tuple(sorted(station.vendor_voices.items())))
    if key not in _QUICKEST:
        timed = []
        for name in dict.fromkeys([*station.engines, "espeak"]):
            engine = make_engine(name, station.voice, 1.0, None, station.vendor_voices, station.folder)
            if isinstance(engine, OnlineEngine):
                continue
            started = time.perf_counter()
            try:
                engine.synthesize(SPEED_PROBE, 1.0)
            except Exception:  # noqa: BLE001 - a voice that cannot speak here is simply not a candidate
                continue
            timed.append(QuickVoice(engine, (time.perf_counter() - started) / len(SPEED_PROBE.split())))
        _QUICKEST[key] = min(timed, key=lambda voice: voice.seconds_per_word, default=None)
    return _QUICKEST[key]
