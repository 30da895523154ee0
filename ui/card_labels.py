"""The words on the page's answers and source cards, in English and Arabic."""

LABELS = {
    "en": {
        "sources": "Sources",
        "nearest": "Nearest articles",
        "answer": "answer",
        "not_verified": "Not verified: this answer could not be matched to the articles. "
        "Check it against the passages in the sources panel.",
        "searching": "Searching the articles…",
        "untitled": "Untitled article",
        "undated": "undated",
        "no_year": "year unknown",
        "no_outlet": "unknown outlet",
        "crawled": "collected",
        "also_in": "also in",
        "file": "file",
        "copy": "Copy",
        "copied": "Copied",
        "back": "Back to the answer",
    },
    "ar": {
        "sources": "المصادر",
        "nearest": "أقرب المقالات",
        "answer": "الإجابة",
        "not_verified": "غير مُتحقَّق منها: تعذّرت مطابقة هذه الإجابة مع نصوص المقالات. "
        "راجِعها على المقاطع في لوحة المصادر.",
        "searching": "جارٍ البحث في المقالات…",
        "untitled": "مقال بلا عنوان",
        "undated": "بلا تاريخ",
        "no_year": "السنة غير معروفة",
        "no_outlet": "مصدر غير معروف",
        "crawled": "تاريخ الجمع",
        "also_in": "ورد أيضاً في",
        "file": "الملف",
        "copy": "نسخ",
        "copied": "نُسخ",
        "back": "العودة إلى الإجابة",
    },
}
