"""speech: written text -> spoken text -> audio (normalizer, engines, cache)."""
from radio.speech.textnorm import Reader, normalize, normalize_paragraphs, unknown_words

__all__ = ["Reader", "normalize", "normalize_paragraphs", "unknown_words"]
