"""Embedding: the bundled e5 model, its converter and on-disk image, the engine that runs it, a vector cache."""
