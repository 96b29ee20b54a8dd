"""Hand-written hostile HTML: the classic shapes, written for this project.

The strategies draw from these, the fuzzer's committed seed corpus is made from them, and
users can parametrize their own tests with them (``commentguard.testing.strategies.VECTORS``).
Public corpora with other licenses are never copied here.
"""

from __future__ import annotations

_HANDLERS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<b onmouseover=alert(1)>hover</b>",
    '<a href="https://example.se" onclick="alert(1)">x</a>',
    "<style>@keyframes k{}</style><b style=animation-name:k onanimationstart=alert(1)>x</b>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe onload=contentWindow.alert(1)></iframe>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="import" href="data:text/html,<script>alert(1)</script>">',
)

_URLS = (
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="ja\nvascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="javascript&#x3a alert(1)">x</a>',
    '<a href="javascript:123">x</a>',
    '<a href="javascript\u200b:alert(1)">x</a>',
    '<a href="\u00a0javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="\ufeffjavascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="&amp;#106;avascript:alert(1)">x</a>',
    '<a href="&amp;amp;#106;avascript:alert(1)">x</a>',
    "<a href=&#x6a;&#x61;&#x76;&#x61;script:alert(1)>x</a>",
    "<a href=`javascript:alert(1)`>x</a>",
    '<a\nhref\n=\n"javascript:alert(1)">x</a>',
    '<a href="http://example.se" href="javascript:alert(1)">x</a>',
    '<a href="javascript:alert(1)" href="http://example.se">x</a>',
    '<a HREF="javascript:alert(1)">x</a>',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<q cite="jav&#x0A;ascript:alert(1)">x</q>',
    '<a href="//evil.example/">x</a>',
    '<a href="/relative/path">x</a>',
    '<a href="\\\\evil.example\\x">x</a>',
    '<a href="localhost:8000">x</a>',
    '<a href="mailto:anna@example.se?body=%3Cscript%3E">x</a>',
    '<a href="https://example.se/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<a href="https://example.se/#"onmouseover="alert(1)">x</a>',
)

_ATTRIBUTES = (
    '<a href="http://example.se" title="a"onclick="alert(1)">x</a>',
    "<a href='http://example.se' title='\"><script>alert(1)</script>'>x</a>",
    "<abbr title=`x` onclick=`alert(1)`>x</abbr>",
    '<a href="http://example.se"/onclick="alert(1)">x</a>',
    "<b/onclick=alert(1)>x</b>",
    '<abbr title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">x</abbr>',
    '<abbr title="x\ny\r\nz\tw">x</abbr>',
    '<abbr title="&#34;&#39;&#96;">x</abbr>',
    '<del datetime="2024-01-01" onmouseover="alert(1)">x</del>',
    '<del datetime="javascript:alert(1)">x</del>',
    '<del datetime="2024-02-30">x</del>',
    '<a href="http://example.se" rel="opener" target="_blank">x</a>',
    '<a href="http://example.se" style="position:fixed;inset:0">x</a>',
    "<acronym title=x title=y title=z>x</acronym>",
    '<a href="http://example.se" \x0ctitle="ff">x</a>',
    '<strong """=1 \'\'=2>x</strong>',
    "<cite <img src=x onerror=alert(1)>>x</cite>",
)

_RAW_TEXT = (
    '<textarea><b title="</textarea><img src=x onerror=alert(1)>"></textarea>',
    "<title><b>x</title>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><img src=x onerror=alert(1)></template>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<iframe><img src=x onerror=alert(1)></iframe>",
    '<noembed><b title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<noframes><b title="</noframes><img src=x onerror=alert(1)>"></noframes>',
    "<plaintext><b>everything after this is text</b>",
    '<style><b title="</style><img src=x onerror=alert(1)>"></style>',
    "<script><!--<script></script><img src=x onerror=alert(1)>--></script>",
    "<script>x</script ><b>after</b>",
    "</script><img src=x onerror=alert(1)>",
    "<textarea></textarea x><img src=x onerror=alert(1)></textarea>",
    "<TEXTAREA>x</textArea><b>y</b>",
    # Never closed (issue 11): the rest is kept as literal text, never as markup.
    "I tried <textarea> but <img src=x onerror=alert(1)> did not work",
    "<script>alert(1)<img src=x onerror=alert(1)>",
    "<textarea></textarea><script>alert(1)",
    "<noscript><img src=x onerror=alert(1)>",
    "<svg><style>&lt;img src=x onerror=alert(1)&gt;<img src=x onerror=alert(1)>",
    '<svg><text onclick="alert(1)">text<script>alert(1)</script></text></svg>',
)

_COMMENTS = (
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<? x ><img src=x onerror=alert(1)>?>",
    "<!x><img src=x onerror=alert(1)>",
    "</ x><img src=x onerror=alert(1)>",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    '<!-- <b title="-->"><img src=x onerror=alert(1)>',
    "<!--<!--<b>x</b>-->-->",
)

_FOREIGN = (
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    "<svg><desc><b>x</b></desc><title><i>y</i></title></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><p>breaks out of svg <b>x</b></p></svg>",
    '<math><mi><b title="</b><img src=x onerror=alert(1)>">x</b></mi></math>',
    "<svg><font color=red>breaks out</font></svg>",
)

_NESTING = (
    "<b><i>x</b>y</i>",
    '<a href="http://a.example"><a href="http://b.example">x</a></a>',
    '<a href="http://a.example"><table><a href="http://b.example">x</table>',
    "<table><b>x<td>y</table>",
    "<p><table><b>x</table>",
    "<b><p>x</b>y</p>",
    '<q cite="http://a.example"><blockquote>x</q></blockquote>',
    "<code><b>x</code></b>",
    "<select><b>x</b><img src=x onerror=alert(1)></select>",
    "<form id=a><div></form><form id=b><b>x</b>",
    "<b>" * 40 + "deep" + "</b>" * 40,
    "<blockquote>" * 40 + "deep",
    "<b><i>" * 20 + "misnested",
    "</b></i></a></q>stray end tags",
    "<li><ul><li><dd><dt>x",
    # The adoption agency past its limits builds a link inside a link (issue 14).
    '<a href="http://x.se">a<b>b<b>c<b>d<b>e<blockquote>f<a href="http://y.se">g</b>h</b>i</b>j',
    "<a href><b><b><b><b><blockquote><a></b></b></b>",
    '<a href="http://x.se"><i><i><i><i><i><q><blockquote><a href="http://y.se">x</i></i></i></i></q></a>',
    "<nobr><b><b><b><b><blockquote><nobr>x</b></b></b>",
)

_TEXT = (
    'https://example.se/"onmouseover="alert(1)',
    "www.example.se/<img src=x onerror=alert(1)>",
    "http://example.se/?a=<b>x</b>",
    "<code>https://example.se</code>",
    "https://example.se&quot;onclick=alert(1)",
    "www.example.se/javascript:alert(1)",
    "https://ex\u202eample.se",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;script&amp;gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&#0; &#xD800; &#x110000; &#128; &#x9F; &notin &notit; &amp",
    "\x00<script>alert(1)</script>",
    "<scr\x00ipt>alert(1)</script>",
    '<a href="\ud800javascript:alert(1)">x</a>',
    "\ufeff<b>bom</b>",
    "\u202e<b>rtl</b>\u202c",
    "x < y > z & \"quoted\" 'single' `tick`",
    # Linkify's cuts (issue 11): brackets, punctuation, quotes and references.
    '(http://example.se/"onmouseover="alert(1)")x',
    "https://example.se/x'onmouseover='alert(1)'",
    '[www.example.se/a]"><img src=x onerror=alert(1)>',
    "https://example.se/&#39;onmouseover=&#39;alert(1)&#39;",
    "https://example.se/a&#13;b &#60;script&#62;",
)

_BENIGN = (
    "Tack! <b>Bra</b> skrivet.",
    '<blockquote cite="https://example.se/inlagg">Citat</blockquote> Håller med.',
    '<a href="mailto:anna@example.se" title="Mejla">Anna</a>',
    '<del datetime="2024-05-01T12:00Z">gammalt</del> <em>nytt</em>',
    '<strike>x</strike> <s>y</s> <abbr title="HyperText">HTML</abbr> <code>a &lt; b</code>',
    "Läs mer på https://example.se/sida?a=1&b=2 och www.example.se.",
)

VECTORS: tuple[str, ...] = (
    _HANDLERS + _URLS + _ATTRIBUTES + _RAW_TEXT + _COMMENTS + _FOREIGN + _NESTING + _TEXT + _BENIGN
)
"""Hand-written hostile (and a few benign) HTML snippets, one classic shape each."""
