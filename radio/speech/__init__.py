"""speech: written text -> spoken text -> audio (normalizer, engines, cache)."""
from radio.speech.textnorm import Reader, lines_without_marks, normalize, normalize_paragraphs, unknown_words

__all__ = ["Reader", "lines_without_marks", "normalize", "normalize_paragraphs", "unknown_words"]
