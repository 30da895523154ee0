"""Index: the Chroma vector store and the Tantivy keyword index kept in step, filters, integrity check."""
