"""The look and behaviour of the ``kroniek show`` page: its CSS and its one script.

Colours come from :data:`kroniek.schema.COLOURS`; each type gets a class ``t-TYPE`` that sets
``--c`` (the colour), ``--bg`` (a light tint for backgrounds) and ``--ink`` (black or white,
whichever reads on the colour).

>>> ink("#003049"), ink("#e9c46a")
('#fff', '#000')
"""

from __future__ import annotations

from typing import Iterable

from kroniek.schema import COLOURS, ENTITY_TYPES, EVENT_TYPES


def rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return "#000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 else "#fff"


def type_css(types: Iterable[str]) -> str:
    return "".join(f".t-{t}{{--c:{COLOURS.get(t, '#888888')};--bg:{rgba(COLOURS.get(t, '#888888'), .32)};"
                   f"--ink:{ink(COLOURS.get(t, '#888888'))}}}" for t in types)


def css() -> str:
    return type_css((*ENTITY_TYPES, *EVENT_TYPES)) + BASE_CSS


BASE_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d1d1f;background:#fafafa}
header{padding:14px 24px 6px;background:#fff;border-bottom:1px solid #e3e3e3}
h1{font-size:19px;margin:0 0 4px}
h2{font-size:14px;text-transform:uppercase;letter-spacing:.05em;color:#555;margin:18px 0 6px}
.counts{margin:0;color:#444;font-size:13px;display:flex;flex-wrap:wrap;gap:4px 18px}
.legend{display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:8px 24px;background:#fff;border-bottom:1px solid #e3e3e3;font-size:12px}
.group{display:inline-flex;flex-wrap:wrap;align-items:center;gap:6px;margin-right:14px}
.lh{font-weight:600;color:#555}
.hint{color:#777;flex-basis:100%;font-style:italic}
.chip.ent{background:var(--bg);border-bottom:2px solid var(--c);padding:0 5px;border-radius:3px}
.chip.trg{border:2px solid var(--c);color:var(--c);font-weight:600;padding:0 4px;border-radius:3px}
.sample{padding:0 5px;margin:0 3px}
main{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:24px;padding:16px 24px}
article{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:16px 20px;white-space:pre-wrap;line-height:2.2;font-size:16px}
aside{font-size:13px}
.ent{background:var(--bg);border-bottom:2px solid var(--c);border-radius:3px;padding:1px 1px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.trg{outline:2px solid var(--c);outline-offset:-1px;border-radius:2px;font-weight:600;padding:0 1px;white-space:nowrap}
.ent.cont,.trg.cont{border-top-left-radius:0;border-bottom-left-radius:0}
.end::after{content:attr(data-label);font:600 9.5px/1 system-ui,sans-serif;letter-spacing:.02em;vertical-align:1px;margin-left:3px;padding:1px 3px 2px;border-radius:3px;background:var(--c);color:var(--ink);white-space:nowrap}
[data-chain]::before{content:attr(data-chain);font:600 9px/1 system-ui,sans-serif;vertical-align:super;color:#fff;background:#555;border-radius:7px;padding:1px 4px;margin-right:2px}
.miss{outline:2px dashed #d00000;outline-offset:1px;border-radius:3px}
.ent.miss{border-bottom-style:dashed}
.miss.end::after{background:#d00000;color:#fff}
.fa{outline:2px dotted #7b2cbf;outline-offset:1px;border-radius:3px;background-image:repeating-linear-gradient(135deg,rgba(123,44,191,.16) 0 4px,transparent 4px 8px)}
.fa.end::after{background:#7b2cbf;color:#fff}
.miss-t{color:#d00000;font-style:normal}.fa-t{color:#7b2cbf;font-style:normal}
.hl-coref{background:#ffc9e3 !important;outline:2px solid #d6336c !important;outline-offset:1px}
.hl-arg{outline:3px solid #1971c2 !important;outline-offset:1px}
.hl-self{outline:3px solid #111 !important;outline-offset:1px}
table.events{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e3e3e3;border-radius:6px}
.events th:nth-child(1){width:38%}.events th:nth-child(2){width:38%}
.events th{text-align:left;font-weight:600;color:#555;border-bottom:1px solid #e3e3e3;padding:5px 8px}
.events td{vertical-align:top;border-bottom:1px solid #f0f0f0;padding:5px 8px;line-height:1.9}
.events tr.hl-row td{background:#eef5ff}
.events ul,.clusters{margin:0;padding:0;list-style:none}
.events li{line-height:1.45;margin:1px 0}
.role{font:600 10px/1 system-ui,sans-serif;color:#444;background:#eee;border-radius:3px;padding:2px 4px;margin-right:2px}
li.miss,li.fa,tr.miss,tr.fa{outline:none}
li.miss{color:#d00000}li.miss::before{content:"\\2717  "}
li.fa{background:none;color:#7b2cbf}li.fa::before{content:"+ "}
.realis{font-size:10px;color:#777;border:1px solid #bbb;border-radius:3px;padding:0 3px}
.none{color:#aaa}
.clusters li{background:#fff;border:1px solid #e3e3e3;border-radius:4px;padding:4px 8px;margin:4px 0;cursor:default}
.clusters li:hover{background:#fff0f6}
.chain{display:inline-block;min-width:18px;text-align:center;font-weight:600;font-size:11px;color:#fff;background:#555;border-radius:9px;padding:0 5px}
@media (max-width:900px){main{grid-template-columns:1fr}}
"""

# Hover: coreference chain of the hovered mention, arguments of the hovered trigger. The
# last statement writes <div id="ok">, so a page whose script failed is visible in the DOM.
SCRIPT = r"""
(function(){
  var data = JSON.parse(document.getElementById('kroniek-data').textContent);
  var index = {};
  document.querySelectorAll('[data-k]').forEach(function(el){
    el.getAttribute('data-k').split(' ').forEach(function(k){ (index[k] = index[k] || []).push(el); });
  });
  var lit = [];
  function light(keys, cls){
    keys.forEach(function(k){ (index[k] || []).forEach(function(el){ el.classList.add(cls); lit.push([el, cls]); }); });
  }
  function clear(){ lit.forEach(function(p){ p[0].classList.remove(p[1]); }); lit = []; }
  function show(keys){
    clear();
    keys.forEach(function(k){
      light(data.coref[k] || [], 'hl-coref');
      light(data.args[k] || [], 'hl-arg');
      (index[k] || []).forEach(function(el){ if (el.tagName === 'TR') { el.classList.add('hl-row'); lit.push([el, 'hl-row']); } });
    });
    light(keys, 'hl-self');
  }
  document.addEventListener('mouseover', function(ev){
    var el = ev.target.closest ? ev.target.closest('[data-k],[data-members]') : null;
    if (!el) { clear(); return; }
    if (el.hasAttribute('data-members')) { clear(); light(el.getAttribute('data-members').split(' '), 'hl-coref'); return; }
    show(el.getAttribute('data-k').split(' '));
  });
  // #hover=KEY in the address shows the page as if KEY were hovered (for screenshots, tests)
  var wanted = /^#hover=(.+)$/.exec(location.hash);
  if (wanted) show(decodeURIComponent(wanted[1]).split(' '));
  var ok = document.createElement('div');
  ok.id = 'ok'; ok.hidden = true; ok.textContent = Object.keys(index).length + ' keys';
  document.body.appendChild(ok);
})();
"""
