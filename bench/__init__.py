"""Benchmarks: ingestion, search and answer latency, cost at scale, and a LangChain tutorial baseline."""
