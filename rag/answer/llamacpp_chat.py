"""A LangChain chat model that runs a GGUF file in this process through llama-cpp-python."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr, model_validator

from rag.errors import BackendError

INSTALL_HINT = "pip install 'arabic-news-rag[llamacpp]'"


class ChatLlamaCpp(BaseChatModel):
    """Chat completions from a local GGUF model, using the chat template stored in the file.

    The model loads when the object is built, so a bad path or a missing package fails at start-up rather
    than on the first question.
    """

    model_path: str
    temperature: float = 0.0
    max_tokens: int = 512
    n_ctx: int = 8192  # room for several retrieved passages of Arabic text plus the answer
    n_threads: int | None = None  # llama-cpp-python's default: half the logical cores
    seed: int = 0

    _llm: Any = PrivateAttr(default=None)
    # One llama.cpp context serves one request at a time; the chat page may ask from several threads.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @model_validator(mode="after")
    def _load_model(self) -> ChatLlamaCpp:
        if not Path(self.model_path).is_file():
            raise BackendError(f"No GGUF model file at {self.model_path}; give the path of a downloaded .gguf file.")
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendError(f"The llamacpp backend needs llama-cpp-python; install it with {INSTALL_HINT}.") from exc
        try:
            self._llm = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                seed=self.seed,
                verbose=False,
            )
        except ValueError as exc:  # llama-cpp-python's way of saying the file would not load
            raise BackendError(f"llama.cpp could not load {self.model_path}; is it a GGUF model file?") from exc
        return self

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "temperature": self.temperature, "max_tokens": self.max_tokens}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            response = self._llm.create_chat_completion(
                messages=_to_llama_messages(messages), stream=False, **self._params(stop, kwargs)
            )
        choice = response["choices"][0]
        message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata=_usage(response.get("usage")),
            response_metadata={"finish_reason": choice.get("finish_reason"), "model_name": self._model_name},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            chunks = self._llm.create_chat_completion(
                messages=_to_llama_messages(messages), stream=True, **self._params(stop, kwargs)
            )
            for chunk in chunks:
                choice = chunk["choices"][0]
                text = choice["delta"].get("content") or ""
                finish_reason = choice.get("finish_reason")
                if not text and finish_reason is None:
                    continue  # the opening chunk carries only the role
                metadata = {"finish_reason": finish_reason, "model_name": self._model_name} if finish_reason else {}
                generation = ChatGenerationChunk(message=AIMessageChunk(content=text, response_metadata=metadata))
                if run_manager and text:
                    run_manager.on_llm_new_token(text, chunk=generation)
                yield generation

    @property
    def _model_name(self) -> str:
        return Path(self.model_path).name

    def _params(self, stop: list[str] | None, overrides: dict[str, Any]) -> dict[str, Any]:
        # llama-cpp-python reuses the previous request's evaluated prefix, and with it greedy decoding of the
        # same messages can answer differently the second time (seen with Gemma 3). Starting clean costs one
        # prompt evaluation and makes the same question give the same answer.
        self._llm.reset()
        params: dict[str, Any] = {"temperature": self.temperature, "max_tokens": self.max_tokens, "stop": stop}
        params.update(overrides)
        return params


_ROLES: dict[type[BaseMessage], str] = {SystemMessage: "system", HumanMessage: "user", AIMessage: "assistant"}


def _to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """Return the messages as the OpenAI-style dicts that llama-cpp-python's chat templates take."""
    converted = []
    for message in messages:
        if isinstance(message, ChatMessage):
            role = message.role
        else:
            role = next((name for kind, name in _ROLES.items() if isinstance(message, kind)), None)
        if role is None:
            raise BackendError(f"The llamacpp backend cannot send a {message.type} message; use system, user or AI.")
        converted.append({"role": role, "content": message.text})
    return converted


def _usage(usage: dict[str, int] | None) -> UsageMetadata | None:
    if not usage:
        return None
    return UsageMetadata(
        input_tokens=usage.get("prompt_tokens", 0),
        output_tokens=usage.get("completion_tokens", 0),
        total_tokens=usage.get("total_tokens", 0),
    )
