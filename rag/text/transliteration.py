"""Consonant skeletons that let a name written in Latin letters find the same name in Arabic script.

English questions about Arabic news name people and places the articles spell in Arabic:
Putin / بوتين, Pezeshkian / بزشكيان, Hmeimim / حميميم. Both spellings reduce to the same
consonant skeleton (b-t-n, b-z-c-k-n, h-m-m-m) once vowels, which Arabic script mostly
leaves unwritten, are dropped and letters are grouped by sound.
"""

from __future__ import annotations

import re

# Arabic letters by sound class; long vowels, hamza carriers and ع are dropped like Latin vowels.
_ARABIC_CLASS = {
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "s", "ج": "g", "چ": "c", "ح": "h", "ه": "h", "خ": "x",
    "د": "d", "ض": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "z", "ظ": "z", "س": "s", "ص": "s", "ش": "c",
    "غ": "g", "گ": "g", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
_LATIN_DIGRAPHS = (("sh", "c"), ("ch", "c"), ("kh", "x"), ("gh", "g"), ("ph", "f"), ("dh", "z"), ("ck", "k"))
_LATIN_CLASS = {
    "b": "b", "p": "b", "t": "t", "d": "d", "s": "s", "z": "z", "c": "k", "j": "g", "g": "g", "h": "h",
    "f": "f", "v": "f", "k": "k", "q": "k", "x": "x", "l": "l", "m": "m", "n": "n", "r": "r",
}  # fmt: skip
_LATIN_WORD = re.compile(r"^[a-z'’-]+$")
MIN_SKELETON = 3


def _finish(skeleton: str) -> str | None:
    # A final h is mostly a vowel ending in both scripts (ة folded to ه, "Allah").
    if skeleton.endswith("h"):
        skeleton = skeleton[:-1]
    return skeleton if len(skeleton) >= MIN_SKELETON else None


def arabic_skeleton(token: str) -> str | None:
    """Return the consonant skeleton of an Arabic lexical token, or None if too short to be a name."""
    skeleton = "".join(_ARABIC_CLASS.get(letter, "") for letter in token)
    return _finish(skeleton)


def latin_skeleton(word: str) -> str | None:
    """Return the consonant skeleton of a Latin-script word, or None if it has too few consonants."""
    word = word.lower()
    if not _LATIN_WORD.match(word):
        return None
    word = re.sub(r"(.)\1", r"\1", word)  # Assad → Asad: doubled letters are one sound
    for digraph, sound in _LATIN_DIGRAPHS:
        word = word.replace(digraph, sound.upper())
    skeleton = "".join(letter.lower() if letter.isupper() else _LATIN_CLASS.get(letter, "") for letter in word)
    return _finish(skeleton)
