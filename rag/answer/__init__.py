"""Answering: the chain from a question to a checked answer, and the answerers that write it."""
