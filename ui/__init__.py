"""The chat page: a Gradio app over one `rag.assistant.Assistant` (`ui.app.create_app`, `ui.app.launch`)."""
