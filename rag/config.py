"""The one settings object: defaults, then `RAG_*` environment variables, then CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a user can configure. Only the CLI and the UI build one."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    store: Path = Path("vectorstore")
    chroma_url: str | None = None
    collection: str = "articles"
    embedding_model: str = "bundled"
    k: int = 5
    llm: str = "extractive"
    llm_base_url: str | None = None
    auth: str | None = None  # "user:password" for the chat page on a shared machine

    def with_overrides(self, **values: object) -> Settings:
        """Return a copy with the given non-None values replaced (CLI flags win)."""
        changes = {key: value for key, value in values.items() if value is not None}
        return self.model_copy(update=changes)
