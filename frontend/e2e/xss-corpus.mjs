// Cross-site scripting payloads for xss.test.mjs. Each one that could run
// calls `__xss('<id>')` (recorded by the test) or opens a dialog, so any
// execution is noticed even where the page's Content-Security-Policy would
// not stop it. Many are short enough for display names (60) and tags (30).

export const CORPUS = [
  // Plain tags and event handlers.
  { id: 'script', text: `<script>__xss('script')</script>` },
  { id: 'img-onerror', text: `<img src=x onerror="__xss('img-onerror')">` },
  { id: 'svg-onload', text: `<svg onload="__xss('svg-onload')">` },
  { id: 'svg-script', text: `<svg><script>__xss('svg-script')</script></svg>` },
  { id: 'details-toggle', text: `<details open ontoggle="__xss('details-toggle')">x</details>` },
  { id: 'input-autofocus', text: `<input autofocus onfocus="__xss('input-autofocus')">` },
  { id: 'a-onclick', text: `<a href="#" onclick="__xss('a-onclick')" onmouseover="__xss('a-onmouseover')">klik</a>` },
  { id: 'iframe-srcdoc', text: `<iframe srcdoc="<script>parent.__xss('iframe-srcdoc')</script>"></iframe>` },
  { id: 'object-embed', text: `<object data="javascript:__xss('object')"></object><embed src="javascript:__xss('embed')">` },
  { id: 'meta-refresh', text: `<meta http-equiv="refresh" content="0;url=javascript:__xss('meta-refresh')">` },
  { id: 'base-href', text: `<base href="javascript:__xss('base-href')//">` },
  { id: 'form-action', text: `<form action="javascript:__xss('form-action')"><button>Verstuur</button></form>` },
  // Links.
  { id: 'md-js-link', text: `[klik](javascript:__xss('md-js-link'))` },
  { id: 'md-js-link-case', text: `[klik](JaVaScRiPt:__xss('md-js-link-case'))` },
  { id: 'md-js-ref', text: `[klik][r]\n\n[r]: javascript:__xss('md-js-ref')` },
  { id: 'md-autolink', text: `<javascript:__xss('md-autolink')>` },
  { id: 'a-js', text: `<a href="javascript:__xss('a-js')">klik</a>` },
  { id: 'a-js-entities', text: `<a href="&#106;&#97;vascript&#58;__xss('a-js-entities')">klik</a>` },
  { id: 'a-js-tab', text: `<a href="jav&#x09;ascript:__xss('a-js-tab')">klik</a>` },
  { id: 'md-data-link', text: `[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)` },
  { id: 'a-data', text: `<a href="data:text/html,<script>__xss('a-data')</script>">klik</a>` },
  { id: 'svg-xlink', text: `<svg><a xlink:href="javascript:__xss('svg-xlink')"><text y="20">klik</text></a></svg>` },
  // Markdown images.
  { id: 'md-img-onerror', text: `![x](x" onerror="__xss('md-img-onerror'))` },
  { id: 'md-img-js', text: `![x](javascript:__xss('md-img-js'))` },
  // Styles.
  { id: 'style-expression', text: `<div style="width:expression(__xss('style-expression'))">x</div>` },
  { id: 'style-url', text: `<p style="background:url(javascript:__xss('style-url'))">x</p><style>@import 'javascript:__xss(1)';</style>` },
  // Breaking out of attributes and elements.
  { id: 'break-attr', text: `"><img src=x onerror="__xss('break-attr')">` },
  { id: 'break-textarea', text: `</textarea><script>__xss('break-textarea')</script>` },
  { id: 'break-title', text: `</title><svg onload="__xss('break-title')">` },
  { id: 'break-js-string', text: `';__xss('break-js-string');//` },
  // Mutation XSS: markup that changes meaning when parsed again.
  { id: 'mxss-noscript', text: `<noscript><p title="</noscript><img src=x onerror=__xss('mxss-noscript')>">` },
  { id: 'mxss-math', text: `<math><mtext><table><mglyph><style><img src=x onerror="__xss('mxss-math')">` },
  { id: 'mxss-comment', text: `<!--<img src="--><img src=x onerror=__xss('mxss-comment')//">` },
  // Already escaped, encoded and Unicode tricks.
  { id: 'entity-encoded', text: `&lt;img src=x onerror=__xss('entity-encoded')&gt;` },
  { id: 'fullwidth', text: `＜script＞__xss('fullwidth')＜/script＞` },
  { id: 'zero-width', text: `[klik](java\u200bscript:__xss('zero-width'))` },
  { id: 'rtl-override', text: `\u202eRTL <img src=x onerror="__xss('rtl-override')"> \u202d` },
  // Template and React look-alikes.
  { id: 'template', text: `{{constructor.constructor('__xss("template")')()}} \${__xss('template')}` },
  { id: 'react-html', text: `{"dangerouslySetInnerHTML":{"__html":"<img src=x onerror=__xss('react-html')>"}}` },
  { id: 'alert', text: `<img src=x onerror=alert('xss')><script>confirm('xss')</script>` },
];

/** Values for URL fields (a meeting's online link): the server takes only http(s). */
export const URL_PAYLOADS = [
  { id: 'url-js', text: `javascript:__xss('url-js')` },
  { id: 'url-js-case', text: ` JavaScript:__xss('url-js-case')` },
  { id: 'url-data', text: `data:text/html,<script>__xss('url-data')</script>` },
  { id: 'url-vbscript', text: `vbscript:msgbox(1)` },
  { id: 'url-break', text: `https://example.org/"><img/src=x/onerror=__xss('url-break')>` },
  { id: 'url-hash', text: `https://example.org/#'><script>__xss('url-hash')</script>` },
];

/** Short payloads for tags (at most 30 characters, no commas), for ideas whose payload is too long. */
export const TAG_PAYLOADS = [
  { id: 'tag-svg', text: `<svg onload=__xss('tag-svg')>` },
  { id: 'tag-img', text: `<img src=x onerror=__xss(1)>` },
  { id: 'tag-script', text: `"><script>__xss(2)</script>` },
  { id: 'tag-js', text: `javascript:__xss('tag-js')` },
  { id: 'tag-template', text: `{{constructor}}\${__xss(3)}` },
];
