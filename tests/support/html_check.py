#!/usr/bin/env python3
"""Parses an HTML file with Python's html.parser and prints what the tests check, as JSON:
whether every element that is opened is closed in order (void elements aside), the ids of
the topic buttons, the scripts (type and length), every attribute that can load or run
something (src, href, srcset, action, formaction, on*), the tags that load (img, link,
iframe, object, embed...), the Content-Security-Policy, and the data block's text."""
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_SELF = {"path", "rect", "circle", "line", "polyline", "polygon", "ellipse", "use", "stop"}


class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.nodes, self.scripts = [], [], [], []
        self.loading, self.attrs_risky, self.csp, self.data = [], [], None, None
        self.in_script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if k in ("src", "href", "srcset", "action", "formaction", "xlink:href", "poster", "background") or k.startswith("on"):
                self.attrs_risky.append([tag, k, v])
        if tag in ("img", "link", "iframe", "object", "embed", "frame", "audio", "video", "source", "base", "form"):
            self.loading.append(tag)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        if tag == "button" and "node" in (a.get("class") or "").split():
            self.nodes.append(a.get("id"))
        if tag == "script":
            self.in_script = [a.get("type"), a.get("id"), ""]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script" and self.in_script is not None:
            self.scripts.append({"type": self.in_script[0], "id": self.in_script[1], "length": len(self.in_script[2])})
            if self.in_script[1] == "map-data":
                self.data = self.in_script[2]
            self.in_script = None

    def handle_data(self, data):
        if self.in_script is not None:
            self.in_script[2] += data


p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack:
    p.errors.append(f"left open: {p.stack}")
print(json.dumps({"errors": p.errors, "nodes": p.nodes, "scripts": p.scripts, "risky": p.attrs_risky,
                  "loading": p.loading, "csp": p.csp, "data": p.data}))
