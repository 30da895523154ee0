"""Measuring the assistant: data sets, measures, runs and reports (`rag eval`)."""
