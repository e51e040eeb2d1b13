#!/usr/bin/env python3
"""Prints the body a browser would post for one form of an HTML page.

    form.py ACTION [NAME=VALUE ...] < page.html

Reads the page on stdin, finds the <form method="post"> whose action is
ACTION, and prints its fields as application/x-www-form-urlencoded, the
way a browser submits them unchanged: text, hidden, email and tel inputs
with their values, checked checkboxes and radios, each select's selected
option (else its first), textareas. NAME=VALUE replaces the value of NAME
(or adds it). Exit 1 if the page has no such form.
"""
import html.parser
import sys
import urllib.parse


class Forms(html.parser.HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.fields = []          # (name, value) in page order
        self.select = None        # [name, first option, selected option]
        self.option = None        # value of the option being read
        self.textarea = None      # [name, text]

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("action") == self.action and a.get("method", "").lower() == "post":
                self.inside = True
                self.found = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "file", "image"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = [name, None, None]
        elif tag == "option" and self.select is not None:
            self.option = a.get("value")
            if self.select[1] is None:
                self.select[1] = self.option
            if "selected" in a:
                self.select[2] = self.option
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            name, first, chosen = self.select
            value = chosen if chosen is not None else first
            if value is not None:
                self.fields.append((name, value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    parser = Forms(sys.argv[1])
    parser.feed(sys.stdin.read())
    if not parser.found:
        print(f"form.py: no post form with action {sys.argv[1]!r}", file=sys.stderr)
        return 1
    fields = parser.fields
    for arg in sys.argv[2:]:
        name, _, value = arg.partition("=")
        if any(n == name for n, _ in fields):
            fields = [(n, value if n == name else v) for n, v in fields]
        else:
            fields.append((name, value))
    print(urllib.parse.urlencode(fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
