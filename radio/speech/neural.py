"""An offline neural voice: Piper-format voices (an .onnx model and its .onnx.json) run through onnxruntime,
their phonemes from the libespeak-ng the station already ships. Chosen over the piper-tts package: that one
is GPL-3.0 and would bind the station's code to it; onnxruntime (MIT) has wheels for Linux and Windows, and
the voice's own JSON says everything the model needs (phoneme map, sample rate, scales).

Voices live in the station's voices/ folder (`radio voice add FILE.onnx`, `radio voice get vais1000`), each
with what is known of it in voices/index.json: where it came from, its licence, its measured speed.
"""
from __future__ import annotations

import ctypes
import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from radio.errors import StationError
from radio.ffmpeg import AudioSegment
from radio.files import atomic_path, file_digest, write_bytes_atomic
from radio.speech.engines import SAMPLE_RATE, EngineUnavailable, EspeakEngine, pcm_to_segment

VOICES_DIR = "voices"
INDEX = "index.json"
NEEDED_INPUTS = {"input", "input_lengths", "scales"}
PROBE = "Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng tháng mười hai."


@dataclass(frozen=True)
class KnownVoice:
    """A voice whose files are pinned: their public home, hashes, sizes and licence."""
    name: str
    url: str
    sha256: str
    size: int
    config_sha256: str
    licence: str


KNOWN = {
    "vais1000": KnownVoice(
        "vi_VN-vais1000-medium",
        "https://huggingface.co/rhasspy/piper-voices/resolve/main/vi/vi_VN/vais1000/medium/vi_VN-vais1000-medium.onnx",
        "ec7c89e2c85f4d1edc24b6120c18aaf1bda614f06b511567eb9c7c0de15e2dab", 63201294,
        "fafb9da1354ed4b77c31af228ed41fb41cd825c14cffa105454b25e6ae751ee0",
        "CC BY 4.0 (dữ liệu VAIS-1000); mô hình Piper, MIT"),
}


# A clause and the mark that ends it; Piper voices were trained with these marks among the phonemes.
_CLAUSE = re.compile(r"([^,;:.!?…]+)([,;:.!?…]?)")
_LANGUAGE_FLAG = re.compile(r"\([a-z-]+\)")  # espeak-ng's "(en)…(vi)" around a word it reads as English


def phonemes(text: str, voice: str = "vi") -> str:
    """IPA phonemes of `text` as Piper voices were trained on them: libespeak-ng's, clause by clause, each
    followed by the mark that ends it and a space, a text without a final mark ending in "." as espeak-ng's end of
    text does; its language-switch flags dropped; decomposed (NFD)."""
    spoken = []
    for clause, mark in _CLAUSE.findall(text):
        said = _LANGUAGE_FLAG.sub("", _espeak_phonemes(clause, voice)).strip()
        if said:
            spoken.append(said + {"…": ".", "": "."}.get(mark, mark))
    return unicodedata.normalize("NFD", " ".join(spoken))


def _espeak_phonemes(text: str, voice: str) -> str:
    with EspeakEngine._lock:
        library = EspeakEngine._load()
        if library.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EngineUnavailable(f"espeak-ng không có giọng '{voice}'")
        library.espeak_TextToPhonemes.restype = ctypes.c_char_p
        encoded = ctypes.c_char_p(text.encode("utf-8"))
        pointer = ctypes.pointer(encoded)
        parts = []
        while pointer.contents.value:
            # espeakCHARS_UTF8 = 1; phonememode 0x02: IPA
            part = library.espeak_TextToPhonemes(ctypes.cast(pointer, ctypes.POINTER(ctypes.c_void_p)), 1, 0x02)
            if part:
                parts.append(part.decode("utf-8", "replace"))
        return " ".join(parts)


class PiperEngine:
    """A Piper voice: sentence -> phoneme ids (the voice's map, BOS ^, PAD _ after each, EOS $) -> onnxruntime
    -> float samples at the voice's rate -> 44.1 kHz 16-bit. Speed by the length scale, not resampling."""

    name = "piper"
    _sessions: dict[Path, tuple] = {}
    _lock = threading.Lock()

    def __init__(self, folder: Path, voice: str | None = None):
        self.model = model_path(folder, voice)

    @property
    def voice(self) -> str:
        return f"piper:{self.model.stem}"

    def synthesize(self, text: str, rate: float) -> AudioSegment:
        session, config = self._session()
        ids = phoneme_ids(phonemes(text, config.get("espeak", {}).get("voice", "vi")), config["phoneme_id_map"])
        inference = config.get("inference", {})
        scales = [inference.get("noise_scale", 0.667), inference.get("length_scale", 1.0) / max(rate, 0.1),
                  inference.get("noise_w", 0.8)]
        import numpy
        feeds = {"input": numpy.array([ids], dtype=numpy.int64),
                 "input_lengths": numpy.array([len(ids)], dtype=numpy.int64),
                 "scales": numpy.array(scales, dtype=numpy.float32)}
        if "sid" in {i.name for i in session.get_inputs()}:
            feeds["sid"] = numpy.array([0], dtype=numpy.int64)
        try:
            audio = session.run(None, feeds)[0].squeeze()
        except Exception as error:  # noqa: BLE001 - onnxruntime's errors all mean this voice cannot say it
            raise EngineUnavailable(f"giọng {self.model.stem} không đọc được câu này ({type(error).__name__})") \
                from None
        pcm = (numpy.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return pcm_to_segment(pcm, int(config["audio"]["sample_rate"])).set_frame_rate(SAMPLE_RATE)

    def _session(self):
        with self._lock:
            if self.model not in self._sessions:
                self._sessions[self.model] = open_voice(self.model)
            return self._sessions[self.model]


def phoneme_ids(text: str, id_map: dict) -> list[int]:
    """Piper's ids: BOS and a pad, each phoneme followed by a pad, then EOS (a phoneme the voice lacks is left
    out)."""
    ids = list(id_map["^"]) + list(id_map["_"])
    for phoneme in text:
        if phoneme in id_map:
            ids += id_map[phoneme] + id_map["_"]
    return ids + list(id_map["$"])


def open_voice(model: Path):
    """(onnxruntime session, config) of a voice, or a StationError that says what is wrong with its files."""
    config_path = model.with_name(model.name + ".json")
    if not model.is_file():
        raise StationError("không có tệp giọng đọc.", model)
    if not config_path.is_file():
        raise StationError(f"thiếu tệp cấu hình {config_path.name} đi kèm giọng đọc.", model,
                           hint="chép cả hai tệp: TÊN.onnx và TÊN.onnx.json.")
    try:
        config = json.loads(config_path.read_text("utf-8"))
    except (OSError, ValueError):
        raise StationError("tệp cấu hình giọng đọc không phải JSON hợp lệ.", config_path) from None
    id_map = config.get("phoneme_id_map") if isinstance(config, dict) else None
    rate = (config.get("audio") or {}).get("sample_rate") if isinstance(config, dict) else None
    if not isinstance(id_map, dict) or not all(k in id_map for k in "^_$") or not isinstance(rate, int):
        raise StationError("tệp cấu hình không phải của một giọng Piper (thiếu phoneme_id_map hay sample_rate).",
                           config_path)
    language = str((config.get("espeak") or {}).get("voice", ""))
    if not language.startswith("vi"):
        raise StationError(f"tệp cấu hình là của giọng '{language or 'không rõ'}', không phải tiếng Việt.", config_path,
                           hint="dùng tệp .onnx.json đi cùng giọng tiếng Việt (vi_VN-…).")
    try:
        import onnxruntime
        session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    except ImportError:
        raise StationError("máy này thiếu onnxruntime (pip install onnxruntime).") from None
    except Exception:  # noqa: BLE001 - a truncated download, a renamed file: not a model onnxruntime can load
        raise StationError("tệp này không phải mô hình ONNX dùng được (tải dở, hỏng, hoặc nhầm tệp).", model,
                           hint="tải lại, hoặc chép lại từ ổ USB.") from None
    missing = NEEDED_INPUTS - {i.name for i in session.get_inputs()}
    if missing:
        raise StationError(f"mô hình không có đầu vào của giọng Piper: {', '.join(sorted(missing))}.", model)
    return session, config


def model_path(folder: Path, voice: str | None) -> Path:
    """The station's voice by name (speech.voices.piper), else its only or first one."""
    voices = sorted((Path(folder) / VOICES_DIR).glob("*.onnx"))
    if voice:
        named = Path(folder) / VOICES_DIR / f"{voice}.onnx"
        if not named.is_file():
            raise EngineUnavailable(f"chưa có giọng {voice} trong voices/ (radio voice add)")
        return named
    if not voices:
        raise EngineUnavailable("chưa có giọng đọc nơ-ron nào trong voices/ (radio voice add, radio voice get)")
    return voices[0]


def add_voice(folder: Path, model: Path, source: str = "") -> dict:
    """Check a voice's pair, copy both files into voices/, measure its speed; returns its index entry."""
    model = Path(model)
    open_voice(model)
    digest = file_digest(model)
    known = next((k for k in KNOWN.values() if k.name == model.stem), None)
    if known and digest != known.sha256:
        raise StationError(f"tệp {model.name} không khớp mã băm đã biết của giọng này (tải dở hay bị sửa).", model,
                           hint="tải lại (radio voice get) hoặc chép lại bản gốc.")
    target = Path(folder) / VOICES_DIR / model.name
    target.parent.mkdir(exist_ok=True)
    for source_file, copy in ((model, target), (model.with_name(model.name + ".json"),
                                                target.with_name(target.name + ".json"))):
        if source_file.resolve() != copy.resolve():
            with atomic_path(copy) as temp:
                temp.write_bytes(source_file.read_bytes())
    entry = {"name": model.stem, "sha256": digest, "source": source or str(model),
             "licence": known.licence if known else "không rõ, xem nguồn của giọng",
             "real_time_factor": measure(Path(folder), model.stem)}
    index = read_index(folder)
    index[model.stem] = entry
    write_bytes_atomic(Path(folder) / VOICES_DIR / INDEX, json.dumps(index, ensure_ascii=False, indent=2).encode())
    return entry


def measure(folder: Path, voice: str) -> float:
    """How many seconds of speech one second of this PC's time makes, on a typical sentence."""
    engine = PiperEngine(folder, voice)
    started = time.perf_counter()
    audio = engine.synthesize(PROBE, 1.0)
    return round(len(audio) / 1000 / max(time.perf_counter() - started, 1e-6), 1)


def read_index(folder: Path) -> dict:
    try:
        return json.loads((Path(folder) / VOICES_DIR / INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def fetch_known(folder: Path, key: str, get=None) -> dict:
    """`radio voice get vais1000`: the pinned files from their public home, checked, then added."""
    import httpx
    known = KNOWN.get(key)
    if known is None:
        raise StationError(f"không biết giọng '{key}'; các giọng biết: {', '.join(KNOWN)}.")
    staging = Path(folder) / ".radio-cache" / "voices"
    staging.mkdir(parents=True, exist_ok=True)
    model = staging / f"{known.name}.onnx"
    try:
        for url, target, digest in ((known.url, model, known.sha256),
                                    (known.url + ".json", model.with_name(model.name + ".json"), known.config_sha256)):
            if target.is_file() and file_digest(target) == digest:
                continue
            with httpx.stream("GET", url, follow_redirects=True, timeout=30) as answer:
                answer.raise_for_status()
                with atomic_path(target) as temp, open(temp, "wb") as out:
                    for chunk in answer.iter_bytes():
                        out.write(chunk)
            if file_digest(target) != digest:
                target.unlink()
                raise StationError(f"tệp tải về {target.name} không khớp mã băm đã ghim; đã bỏ.")
    except httpx.HTTPError:
        raise StationError(
            f"không tải được giọng {known.name} (máy không có mạng?).",
            hint=f"trên máy có mạng, tải {known.url} và tệp .json cùng tên, chép vào ổ USB, rồi ở máy đài chạy: "
                 f"radio voice add E:\\{known.name}.onnx (hai tệp phải nằm cạnh nhau).") from None
    return add_voice(folder, model, source=known.url)
