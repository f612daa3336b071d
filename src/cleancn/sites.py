"""What a site's name looks like at the end of a page's <title>, scraped as the page's first line
("标题_宜宾新闻网", "标题 - 新浪财经", "标题|人民网"): the duplicate detector deletes such a <title> beside
its heading (DUP301). A keyword <title> (SPM203) needs no site name: its phrases give it away."""
from __future__ import annotations

import re

from cleancn.text import lazy_re

# A <title>'s tail: a separator, then the site's or channel's name, which ends in a word sites are named
# with or is a domain ("_宜宾新闻网", " - 新浪财经", "|人民网", "_凤凰网资讯_凤凰网").
SITE_TAIL = lazy_re(r"(?:\s*[_|｜—–-]+\s*[^_|｜—–\s]{1,20}){1,3}")
SITE_NAME = lazy_re(r"(?:网|网站|在线|频道|官网|新闻|日报|晚报|早报|时报|商报|客户端|头条|资讯|门户|论坛|社区|百科|"
                    r"财经|博客|网易|搜狐|新浪|凤凰|腾讯|快报|周刊|电视台|广播电台|融媒|发布)$|\.(?:com|cn|net|org)\b", re.I)
_SEPARATORS = re.compile(r"[_|｜—–-]+")


def site_suffix(tail: str) -> str | None:
    """The site's name when ``tail`` is a <title>'s tail after the headline, else None."""
    if not SITE_TAIL.fullmatch(tail):
        return None
    name = _SEPARATORS.split(tail.strip())[-1].strip()
    return name if name and SITE_NAME.search(name) else None
