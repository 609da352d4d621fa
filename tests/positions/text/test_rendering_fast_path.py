"""The plain-text fast path of Markdown rendering gives what the parser gives."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from positions.text.rendering import PLAIN_LINE, _parser, render_markdown

WORDISH = st.text(alphabet=st.sampled_from(list("abc XYZ éß'\".,:;?()/%$@{}0123456789-+#=>") + ["\u200b", "\u05d0"]), max_size=60)


@settings(max_examples=400, deadline=None)
@given(WORDISH)
def test_fast_path_renders_like_the_parser(text):
    expected = html.unescape(_parser().render(text))
    assert html.unescape(render_markdown(text)) == expected


def test_markup_goes_through_the_parser():
    for text in ("*a*", "1. a", "- a", "# a", "a\nb", "<b>x</b>", "a &amp; b", "[x](javascript:alert(1))", "    code"):
        assert not PLAIN_LINE.fullmatch(text), text
    assert render_markdown("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>\n"
