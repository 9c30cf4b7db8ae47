"""speech: written text -> spoken text -> audio (normalizer, engines, cache)."""
from radio.speech.textnorm import normalize, unknown_words

__all__ = ["normalize", "unknown_words"]
