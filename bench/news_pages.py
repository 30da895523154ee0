"""News web pages built around known story text, in the layouts real Arabic news sites use.

Each page wraps the story's paragraphs in site chrome: a tracking script, a cookie banner, a header with
a menu, a breadcrumb, a share bar, a sidebar or an inline box of "اقرأ أيضاً" teasers (headlines of other
stories, linked), an ad slot and a footer. The story is the only text an extractor should keep; the
teasers must come out as links, never as story text.
"""

from __future__ import annotations

import html
import zlib
from dataclasses import dataclass

LAYOUTS = ("article", "divs", "inline-box", "bare")


@dataclass(frozen=True)
class BuiltPage:
    """A generated page and what it is made of."""

    html: str
    title: str
    paragraphs: tuple[str, ...]  # the story text: what an extractor should keep
    teasers: tuple[str, ...]  # headlines linked under "اقرأ أيضاً": never story text
    url: str
    layout: str


def build_page(
    title: str, paragraphs: list[str], teasers: list[str], *, layout: str, outlet: str = "صحيفة المثال"
) -> BuiltPage:
    """Return a page in one of `LAYOUTS` holding the story and the teasers."""
    e = html.escape
    slug = zlib.crc32(title.encode()) % 10**8
    url = f"https://news.example.com/2024/07/06/{slug}/"
    teaser_items = "".join(
        f'<li><a href="/2024/07/06/{index}/">{e(teaser)}</a></li>' for index, teaser in enumerate(teasers)
    )
    body = "".join(f"<p>{e(paragraph)}</p>" for paragraph in paragraphs)
    head = (
        f'<head><meta charset="utf-8"><title>{e(title)} | {e(outlet)}</title>'
        f'<meta property="og:site_name" content="{e(outlet)}"><meta property="og:title" content="{e(title)}">'
        f'<link rel="canonical" href="{url}">'
        '<meta property="article:published_time" content="2024-07-06T13:43:00+03:00">'
        "<script>window.dataLayer=[];function track(){dataLayer.push('قراءة الصفحة')}</script>"
        "<style>.cookie{position:fixed}</style></head>"
    )
    cookie = (
        '<div class="cookie-banner" id="cookie-consent"><p>نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك '
        "على موقعنا. بمتابعة التصفح فإنك توافق على سياسة الخصوصية.</p><button>موافق</button></div>"
    )
    menu = (
        '<header class="site-header"><div class="logo"><a href="/">' + e(outlet) + "</a></div>"
        '<nav class="menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li>'
        '<li><a href="/politics">سياسة</a></li><li><a href="/economy">اقتصاد</a></li>'
        '<li><a href="/sport">رياضة</a></li><li><a href="/opinion">الرأي</a></li></ul></nav></header>'
    )
    crumbs = '<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/politics">سياسة</a></div>'
    share = (
        '<div class="share"><span>شارك:</span> <a href="#">تويتر</a> <a href="#">فيسبوك</a> '
        '<a href="#">واتساب</a></div>'
    )
    related = f'<div class="widget related"><h3>اقرأ أيضاً</h3><ul>{teaser_items}</ul></div>'
    ad = '<div class="ad-slot" data-slot="300x250">إعلان</div>'
    footer = (
        f'<footer class="site-footer"><p>© 2024 {e(outlet)}. جميع الحقوق محفوظة.</p>'
        '<p><a href="/about">من نحن</a> | <a href="/contact">اتصل بنا</a> | <a href="/privacy">سياسة الخصوصية</a>'
        "</p></footer>"
    )
    byline = (
        '<div class="meta"><span class="author">بقلم: فريق التحرير</span> '
        '<time datetime="2024-07-06">6 يوليو 2024</time></div>'
    )
    headline = f'<h1 class="headline">{e(title)}</h1>'
    if layout == "article":
        page = (
            f'{cookie}{menu}<main>{crumbs}{headline}{byline}<article class="article-body">{body}</article>'
            f'{share}</main><aside class="sidebar">{related}{ad}</aside>{footer}'
        )
    elif layout == "divs":
        page = (
            f'{cookie}<div class="top">{menu}</div><div class="wrap"><div class="col-main">{crumbs}{headline}'
            f'{byline}<div class="post-content entry">{body}</div>{share}</div>'
            f'<div class="col-side">{related}{ad}</div></div><div class="bottom">{footer}</div>'
        )
    elif layout == "inline-box":
        middle = max(1, len(paragraphs) // 2)
        first = "".join(f"<p>{e(paragraph)}</p>" for paragraph in paragraphs[:middle])
        rest = "".join(f"<p>{e(paragraph)}</p>" for paragraph in paragraphs[middle:])
        page = (
            f'{cookie}{menu}<main>{headline}{byline}<article class="article-body">{first}'
            f'<div class="read-also-box">{related.replace("<h3>", "<h4>").replace("</h3>", "</h4>")}</div>'
            f"{rest}</article>{share}</main>{footer}"
        )
    elif layout == "bare":
        page = f"{cookie}{headline}{body}{related}{footer}"
    else:
        raise ValueError(f"unknown layout {layout!r}")
    document = f'<!DOCTYPE html><html lang="ar" dir="rtl">{head}<body>{page}<script>track()</script></body></html>'
    return BuiltPage(document, title, tuple(paragraphs), tuple(teasers), url, layout)
