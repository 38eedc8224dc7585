"""Learner tables show data text as text: HTML escaped, and no MathJax on a "$" (issue 12, item 5)."""

from html.parser import HTMLParser

from helpers.tables import Table


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.classes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += (dict(attrs).get("class") or "").split()


def test_a_cell_with_markup_and_dollars_stays_text():
    hostile = "Name $x^2$ costs $5 <img src=x onerror=alert(1)> <script>bad()</script>"
    parser = Tags()
    parser.feed(Table({"Who": [hostile]})._repr_html_())
    assert "img" not in parser.tags and "script" not in parser.tags
    assert "tex2jax_ignore" in parser.classes  # MathJax skips the table: "$x^2$" is not typeset
