{% comment %}
Housing chat loader, served by widget.views.loader. Embed with one tag:
  <script src="https://chat.example.org/widget/loader.js" data-lang="cy" async></script>
data-lang (optional) chooses the language; without it the browser's preferences do.
The code is widget/launcher.js (typed and linted), served as launcher.min.js;
this wraps it so that nothing leaks into the landlord's page, and passes it the labels
from the server's catalogue (widget.strings), for every language. This comment is not sent.
{% endcomment %}{% autoescape off %}(() => {
"use strict";
{% include "widget/launcher.min.js" %}
startHousingChat(document.currentScript, {{ labels }}, "{{ default }}");
})();{% endautoescape %}
