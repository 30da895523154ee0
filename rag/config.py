"""The one settings object: defaults, then `RAG_*` environment variables, then CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a user can configure. Only the CLI and the UI build one."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    store: Path = Path("vectorstore")
    chroma_url: str | None = None
    collection: str = "articles"
    # With a Chroma server: where this machine keeps its keyword snapshots (default: the user's cache folder).
    keyword_snapshots: Path | None = None
    embedding_model: str = "bundled"
    # How batches of passages are encoded: "auto" picks the fastest path this CPU's flags allow that reproduces
    # float32's vectors (bf16 where AMX or AVX-512-BF16 is present, int8 where VNNI is); the others force one.
    encoder: Literal["auto", "float32", "bf16", "int8"] = "auto"
    k: int = 5
    llm: str = "extractive"
    llm_base_url: str | None = None
    auth: str | None = None  # "user:password" for the chat page on a shared machine
    uploads: Path | None = None  # where the page keeps the files it ingested; see `uploads_folder`

    def uploads_folder(self) -> Path:
        """Return where the page keeps uploaded files: `uploads` if set, else beside the store's own files.

        With a Chroma server there is no store folder, so they go to the user's data
        folder, one subfolder per collection, never to a path relative to where the page started.
        """
        if self.uploads is not None:
            return self.uploads
        if self.chroma_url:
            from platformdirs import user_data_path

            return user_data_path("arabic-news-rag") / "uploads" / self.collection
        return self.store / "uploads"

    def sentence_vectors_file(self) -> Path:
        """Return where the store's sentence vectors are kept (see `rag.index.sentence_vectors`): in the store
        folder, or with a Chroma server in the user's cache folder, one file per server and collection.
        """
        from rag.index.sentence_vectors import FILE_NAME

        if self.chroma_url:
            import hashlib

            from platformdirs import user_cache_path

            digest = hashlib.sha256(f"{self.chroma_url.rstrip('/')}\n{self.collection}".encode()).hexdigest()[:24]
            return user_cache_path("arabic-news-rag") / "sentence-vectors" / f"{digest}.sqlite3"
        return self.store / FILE_NAME

    def with_overrides(self, **values: object) -> Settings:
        """Return a copy with the given non-None values replaced (CLI flags win)."""
        changes = {key: value for key, value in values.items() if value is not None}
        return self.model_copy(update=changes)
