"""Local question answering over Arabic news articles."""
