"""Query: one analysis of a question (language, kind, terms, names), hybrid retrieval, the refusal gate."""
