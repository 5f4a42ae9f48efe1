"""``ordbro serve``: a LibreTranslate- and DeepL-compatible HTTP server, terms enforced.

- :mod:`glossary.serve.settings`: what the server was started with (explicit, frozen);
- :mod:`glossary.serve.batcher`: concurrent requests collected while the model is busy
  and translated together in worker threads, through the front door
  (:mod:`glossary.translate`);
- :mod:`glossary.serve.glossaries`: client glossaries as named glossaries of a termbase
  in the server's data directory, isolated per API key;
- :mod:`glossary.serve.access`: API keys, character limits per request and per minute;
- :mod:`glossary.serve.libretranslate` and :mod:`glossary.serve.deepl`: the two APIs;
- :mod:`glossary.serve.app`: the Starlette application that joins them.
"""
