"""The translation memory library: confirmed segments stored, matched and exchanged (no Qt, no app).

`TranslationMemory.open(url)` (the glossary's database URL), `memory.lookup(source, prev, next)`,
`memory.confirm(...)`, `read_tmx`/`import_tmx`/`export_tmx`; scoring in `tm.scoring`.
"""
