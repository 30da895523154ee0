"""What this CPU can do fast, read from its flags, and which encoder paths to try in which order.

Pure functions of a flag set, so the choice for any machine can be checked here: bf16 where the CPU multiplies
bf16 matrices natively (AMX or AVX-512-BF16), int8 where it has VNNI dot products, float32 everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FLOAT32 = "float32"
BF16 = "bf16"
INT8 = "int8"
AUTO = "auto"
ENCODER_PATHS = (FLOAT32, BF16, INT8)

# The flags (as /proc/cpuinfo spells them) that make each fast path worth trying.
BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})
INT8_FLAGS = frozenset({"amx_int8", "avx512_vnni", "avx_vnni"})
# What torch reports when /proc/cpuinfo cannot be read (another OS): the vector width only, no bf16 or VNNI.
_CAPABILITY_FLAGS = {"AVX512": frozenset({"avx2", "avx512f"}), "AVX2": frozenset({"avx2"})}
_CPUINFO = Path("/proc/cpuinfo")


def candidate_paths(flags: frozenset[str]) -> tuple[str, ...]:
    """Return the encoder paths worth trying on a CPU with these flags, fastest first, float32 always last."""
    paths = []
    if flags & BF16_FLAGS:
        paths.append(BF16)
    if flags & INT8_FLAGS:
        paths.append(INT8)
    paths.append(FLOAT32)
    return tuple(paths)


def path_reason(path: str, flags: frozenset[str]) -> str:
    """Return the flags that make `path` fast on this CPU, as a short phrase ("amx_bf16, avx512_bf16")."""
    wanted = {BF16: BF16_FLAGS, INT8: INT8_FLAGS}.get(path, frozenset())
    if not wanted:
        return "every CPU"
    present = sorted(flags & wanted)
    return ", ".join(present) if present else "none of " + ", ".join(sorted(wanted))


@lru_cache(maxsize=1)
def cpu_flags() -> frozenset[str]:
    """Return this CPU's feature flags: /proc/cpuinfo's on Linux, else what torch detects."""
    try:
        with _CPUINFO.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() in ("flags", "Features"):
                    return frozenset(value.split())
    except OSError:
        pass
    import torch

    return _CAPABILITY_FLAGS.get(torch.backends.cpu.get_cpu_capability(), frozenset())


def cpu_model() -> str:
    """Return the CPU's model name, or "" where the system does not say."""
    try:
        with _CPUINFO.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    return value.strip()
    except OSError:
        pass
    return ""


def notable_flags(flags: frozenset[str]) -> list[str]:
    """Return the flags that matter to the encoder paths (vector width, bf16, VNNI, AMX), sorted."""
    return sorted(flag for flag in flags if flag.startswith(("avx", "amx")))
