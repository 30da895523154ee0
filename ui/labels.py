"""The page's labels in the browser's language: both languages side by side, or Arabic alone for an Arabic browser.

Gradio picks the translation from the browser's language and falls back to "en", which here carries both
languages, so a reader whose browser asks for neither still finds every control in Arabic and English.
"""

import gradio as gr

_BOTH = {
    "chat": "Conversation · المحادثة",
    "question": "Ask about the articles… · اسأل عن المقالات…",
    "ask": "Ask · اسأل",
    "examples": "Examples · أمثلة",
    "chips": "Active filters (untick to remove) · التصفية النشطة (أزل العلامة للحذف)",
    "new_chat": "New chat · محادثة جديدة",
    "conversations": "Conversations · المحادثات",
    "delete_chat": "Delete this chat · احذف المحادثة",
    "filters": "Filters and answerer · التصفية والمجيب",
    "outlets": "Outlets · المصادر",
    "from": "From · من",
    "to": "To · إلى",
    "passages": "Passages · عدد المقاطع",
    "answerer": "Answerer (this conversation) · المجيب (لهذه المحادثة)",
    "detect": "Look for model servers · ابحث عن خوادم النماذج",
    "add_articles": "Add articles · إضافة مقالات",
    "files": "Article files · ملفات المقالات",
}
_ARABIC = {
    "chat": "المحادثة",
    "question": "اسأل عن المقالات…",
    "ask": "اسأل",
    "examples": "أمثلة",
    "chips": "التصفية النشطة (أزل العلامة للحذف)",
    "new_chat": "محادثة جديدة",
    "conversations": "المحادثات",
    "delete_chat": "احذف المحادثة",
    "filters": "التصفية والمجيب",
    "outlets": "المصادر",
    "from": "من",
    "to": "إلى",
    "passages": "عدد المقاطع",
    "answerer": "المجيب (لهذه المحادثة)",
    "detect": "ابحث عن خوادم النماذج",
    "add_articles": "إضافة مقالات",
    "files": "ملفات المقالات",
}

PAGE_I18N = gr.I18n(en=_BOTH, ar=_ARABIC)


def label(key: str) -> gr.i18n.I18nData:
    """Return the label `key`, translated in the browser."""
    return PAGE_I18N(key)
