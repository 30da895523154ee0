"""Ingestion: files decoded and loaded, articles cleaned with their outlet and date, split into passages, stored."""
