"""Text: Arabic normalisation and tokens, sentence splitting, Latin↔Arabic spellings. Every stage below reads it."""
