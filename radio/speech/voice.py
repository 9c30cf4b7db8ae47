"""Speak normalized text with the station's engines in order, through the cache.

A sentence is the unit of synthesis and of caching: editing one sentence of a bulletin re-synthesizes
that sentence only, and a network drop mid-bulletin switches the remaining sentences to the next engine.
"""
from __future__ import annotations

import re
import wave
from dataclasses import dataclass, field
from pathlib import Path

from radio.ffmpeg import AudioSegment, detect_leading_silence

from radio.errors import StationError
from radio.speech.cache import SpeechCache
from radio.speech.engines import SAMPLE_RATE, Engine, EngineUnavailable

SENTENCE_PAUSE_MS = 400
PARAGRAPH_PAUSE_MS = 800
EDGE_MARGIN_MS = 30
SILENCE_DBFS = -50.0

_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+")
_SPEAKABLE = re.compile(r"[^\W\d_]")


@dataclass
class Speech:
    path: Path  # the spoken audio, 44.1 kHz mono 16-bit WAV
    duration_s: float = 0.0
    voices: list[str] = field(default_factory=list)  # distinct voices heard, first used first
    keys: list[str] = field(default_factory=list)  # cache key of each sentence: what the audio is made of
    notes: list[str] = field(default_factory=list)  # why a fallback happened, for the render report

    @property
    def voice(self) -> str:
        return ", ".join(self.voices)


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if _SPEAKABLE.search(s)]


def trim_edges(audio: AudioSegment) -> AudioSegment:
    """Cut leading and trailing silence, keeping a short margin so consonants are not clipped."""
    start = max(0, detect_leading_silence(audio, SILENCE_DBFS, 10) - EDGE_MARGIN_MS)
    end = max(0, detect_leading_silence(audio.reverse(), SILENCE_DBFS, 10) - EDGE_MARGIN_MS)
    return audio[start:len(audio) - end]


class Speaker:
    def __init__(self, engines: list[Engine], cache: SpeechCache):
        if not engines:
            raise ValueError("at least one engine")
        self.engines = engines
        self.cache = cache

    def speak(self, paragraphs: list[str], into: Path, rate: float = 1.0, first: str | None = None,
              variants: dict[str, list[str]] | None = None) -> Speech:
        """Speak spoken-form paragraphs (already normalized) into the WAV file `into`, sentence by sentence:
        only one sentence is ever in memory, however long the bulletin. `first`: an engine to try first.
        `variants`: the same paragraphs read by another dialect's rules, for an engine whose voice has one
        (a southern voice says ngàn where the station writes nghìn); used where its sentences line up."""
        engines = sorted(self.engines, key=lambda e: e.name != first) if first else self.engines
        by_dialect = {dialect: [sentences(p) for p in spoken] for dialect, spoken in (variants or {}).items()}
        speech = Speech(Path(into))
        frames = 0
        speech.path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(speech.path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(SAMPLE_RATE)
            for p_index, paragraph in enumerate(paragraphs):
                own = sentences(paragraph)
                for s_index, sentence in enumerate(own):
                    if frames:
                        pause = PARAGRAPH_PAUSE_MS if s_index == 0 else SENTENCE_PAUSE_MS
                        writer.writeframes(b"\x00\x00" * (SAMPLE_RATE * pause // 1000))
                        frames += SAMPLE_RATE * pause // 1000
                    texts = {dialect: split[p_index][s_index] for dialect, split in by_dialect.items()
                             if len(split) == len(paragraphs) and len(split[p_index]) == len(own)}
                    audio = self._sentence(sentence, rate, engines, speech, texts)
                    writer.writeframes(audio.raw_data)  # every part is 44.1 kHz mono 16-bit
                    frames += len(audio.raw_data) // 2
        if not frames:
            speech.path.unlink(missing_ok=True)
            raise StationError("không có câu nào đọc được (chỉ có số hoặc ký hiệu?).")
        speech.duration_s = frames / SAMPLE_RATE
        return speech

    def _sentence(self, own: str, rate: float, engines: list[Engine], speech: Speech,
                  texts: dict[str, str] | None = None) -> AudioSegment:
        reasons = []
        for engine in engines:
            text = (texts or {}).get(getattr(engine, "dialect", None), own)
            key = SpeechCache.key(engine.voice, rate, text)
            audio = self.cache.get(key)
            if audio is None:
                try:
                    audio = trim_edges(engine.synthesize(text, rate).set_frame_rate(SAMPLE_RATE)
                                       .set_channels(1).set_sample_width(2))
                except EngineUnavailable as error:
                    reasons.append(f"{engine.name}: {error}")
                    continue
                if len(audio) == 0:
                    reasons.append(f"{engine.name}: không phát ra âm thanh")
                    continue
                self.cache.put(key, audio, text)
            speech.keys.append(key)
            if engine.voice not in speech.voices:
                speech.voices.append(engine.voice)
            for reason in reasons:  # one note per engine that fell through: why this voice was heard
                if not any(note.split(":")[0] == reason.split(":")[0] for note in speech.notes):
                    speech.notes.append(reason)
            return audio
        raise StationError("không giọng đọc nào đọc được câu: «" + own[:60] + "» (" + "; ".join(reasons) + ").")
