"""Build argos translation packages with random weights, in the exact layout of a real package.

    python tools/build_test_model.py                 # tests/fixtures/translate-de_en-tiny.argosmodel
    python tools/build_test_model.py --realistic DIR # Transformer-base, 32k vocabulary (benchmarks)

Layout (as in argos' translate-de_en):
    translate-de_en-1_0/metadata.json, README.md, sentencepiece.model,
    translate-de_en-1_0/model/{config.json, model.bin, shared_vocabulary.json}

The SentencePiece tokenizer is trained on the shared sample texts (German article, English
reference, glossary), so real German words tokenize into realistic pieces. The CTranslate2
Transformer has random weights: its output is meaningless text, but loading, batching, prefixes,
attention and detokenization all run through the same code as with a real model. The end-of-
sentence logit gets a bias so outputs have sentence-like lengths instead of running to the cap.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import transformer_spec

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    ROOT / "resources" / "samples" / "article-de.txt",
    ROOT / "resources" / "samples" / "article-en.ref.txt",
    ROOT / "resources" / "samples" / "glossary.csv",
]
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
MAX_POSITIONS = 1024
RAMP = 0.25
EOS_WEIGHT = 1.0


@dataclass(frozen=True)
class ModelSize:
    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab: int  # SentencePiece pieces (limited by the corpus)
    padded_vocab: int  # CTranslate2 vocabulary size (extra pieces appended)
    quantization: str
    eos_bias: float


TINY = ModelSize(
    layers=1,
    d_model=64,
    heads=2,
    ffn=128,
    vocab=1200,
    padded_vocab=1200,
    quantization="int8",
    eos_bias=0.0,
)
BASE = ModelSize(
    layers=6,
    d_model=512,
    heads=8,
    ffn=2048,
    vocab=4000,
    padded_vocab=32000,
    quantization="int8",
    eos_bias=-2.0,
)


def corpus_lines() -> list[str]:
    lines = []
    for path in CORPUS:
        if path.exists():
            lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    # Sentence-sized pieces train SentencePiece better than long paragraphs.
    out = []
    for line in lines:
        out += [part.strip() for part in line.replace("! ", "!\n").replace(". ", ".\n").split("\n")]
    return [line for line in out if line]


def train_sentencepiece(vocab_size: int) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_lines()),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=False,
        num_threads=1,
        seed_sentencepiece_size=100000,
        minloglevel=2,
    )
    return model.getvalue()


def random_spec(
    size: ModelSize, vocabulary: list[str], seed: int
) -> transformer_spec.TransformerSpec:
    rng = np.random.RandomState(seed)
    spec = transformer_spec.TransformerSpec.from_config((size.layers, size.layers), size.heads)
    d, f, v = size.d_model, size.ffn, len(vocabulary)

    def mat(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(d, dtype=np.float32)
        layer_norm.beta = np.zeros(d, dtype=np.float32)

    def linear(spec_linear: object, rows: int, cols: int) -> None:
        spec_linear.weight = mat(rows, cols)
        spec_linear.bias = np.zeros(rows, dtype=np.float32)

    def ffn(spec_ffn: object) -> None:
        norm(spec_ffn.layer_norm)
        linear(spec_ffn.linear_0, f, d)
        linear(spec_ffn.linear_1, d, f)

    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = mat(v, d)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        ffn(layer.ffn)
    decoder.embeddings.weight = mat(v, d)
    norm(decoder.layer_norm)
    linear(decoder.projection, v, d)
    # Keep the random output readable: never emit control, byte or padding pieces.
    for i, piece in enumerate(vocabulary):
        if piece.startswith("<") and piece.endswith(">") and piece != "</s>":
            decoder.projection.bias[i] = -20.0
    # End of sentence after a sentence-like number of tokens: the decoder's position encodings
    # carry a ramp in dimension 0 that only the </s> row of the projection reads.
    eos = vocabulary.index("</s>")
    positions = np.arange(MAX_POSITIONS, dtype=np.float32)[:, None]
    rates = np.exp(-np.log(10000.0) * (np.arange(0, d, 2, dtype=np.float32) / d))
    encodings = np.zeros((MAX_POSITIONS, d), dtype=np.float32)
    encodings[:, 0::2] = np.sin(positions * rates)
    encodings[:, 1::2] = np.cos(positions * rates)
    encodings[:, 0] = positions[:, 0] * RAMP
    decoder.position_encodings.encodings = encodings
    decoder.projection.weight[:, 0] = 0.0
    decoder.projection.weight[eos, :] = 0.0
    decoder.projection.weight[eos, 0] = EOS_WEIGHT
    decoder.projection.bias[eos] = size.eos_bias
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        ffn(layer.ffn)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def build_package_dir(size: ModelSize, out_dir: Path, seed: int = 1234) -> Path:
    """Write an unpacked package folder `out_dir/translate-de_en-1_0` and return it."""
    package_dir = out_dir / "translate-de_en-1_0"
    (package_dir / "model").mkdir(parents=True, exist_ok=True)
    sp_model = train_sentencepiece(size.vocab)
    (package_dir / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary += [f"<extra_{i}>" for i in range(size.padded_vocab - len(vocabulary))]
    spec = random_spec(size, vocabulary, seed)
    spec.validate()
    spec.optimize(quantization=size.quantization)
    spec.save(str(package_dir / "model"))
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.0",
        "from_code": "de",
        "from_name": "German",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=4) + "\n")
    (package_dir / "README.md").write_text(
        "# Wortlaut test model (German → English)\n\nRandom weights, built by "
        "tools/build_test_model.py. It translates nothing meaningfully; it exists to test the "
        "loading and translation code offline.\n"
    )
    return package_dir


def zip_package(package_dir: Path, archive: Path) -> None:
    """Zip with fixed timestamps and sorted entries so rebuilds are byte-identical."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    tmp = archive.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        paths = sorted([package_dir, *package_dir.rglob("*")])
        for path in paths:
            name = path.relative_to(package_dir.parent).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(name + "/", FIXED_ZIP_TIME)
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    tmp.replace(archive)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "tests" / "fixtures" / "translate-de_en-tiny.argosmodel"
    )
    parser.add_argument(
        "--realistic",
        type=Path,
        metavar="DIR",
        help="write an unpacked Transformer-base package folder into DIR instead",
    )
    args = parser.parse_args()
    if args.realistic:
        package_dir = build_package_dir(BASE, args.realistic)
        print(f"wrote {package_dir}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = build_package_dir(TINY, Path(tmp))
        zip_package(package_dir, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
