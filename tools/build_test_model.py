"""Build argos translation packages in the exact layout of a real package, without training.

    python tools/build_test_model.py                 # tests/fixtures/translate-de_en-tiny.argosmodel
    python tools/build_test_model.py --realistic DIR # Transformer-base, 32k vocabulary (benchmarks)
    python tools/build_test_model.py --random DIR     # 3 small layers, random weights (tests)

Layout (as in argos' translate-de_en):
    translate-de_en-1_0/metadata.json, README.md, sentencepiece.model,
    translate-de_en-1_0/model/{config.json, model.bin, shared_vocabulary.json}

The SentencePiece tokenizer is trained on the shared sample texts (German article, English
reference, glossary), so real German words tokenize into realistic pieces.

The tiny package is a one-layer CTranslate2 Transformer whose weights are set by hand so that it
behaves like a crude word-by-word translator: output token t is source token t, looked up in a
small lexicon (`▁und` → `▁and`, `▁Krieg` → `▁war`, …) and otherwise copied, and `</s>` follows the
last source token. The decoder finds "its" source token through cross-attention on position
encodings, so the attention it returns is a true alignment. Being deterministic and
interpretable, it lets tests check real loading, batching, attention and term enforcement
offline; it says nothing about translation quality.

The realistic package (benchmarks) is Transformer-base with random weights: meaningless output at
the speed of a real model. Its end-of-sentence logit gets a bias and a ramp so outputs have
sentence-like lengths instead of running to the cap.
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
    d_model=256,
    heads=1,
    ffn=80,
    vocab=1200,
    padded_vocab=1200,
    quantization="int8",
    eos_bias=0.0,
)
# Word pairs the tiny model translates (used where both are single SentencePiece pieces).
TINY_LEXICON = {
    "der": "the",
    "die": "the",
    "das": "the",
    "den": "the",
    "dem": "the",
    "und": "and",
    "ist": "is",
    "mit": "with",
    "nicht": "not",
    "auf": "on",
    "für": "for",
    "von": "of",
    "Krieg": "war",
    "Krieges": "war",
    "Machthaber": "ruler",
    "Kreml": "Kremlin",
    "Belarus": "Belarus",
    "Russland": "Russia",
    "Präsident": "president",
    "Präsidenten": "president",
    "Treffen": "meeting",
    "Putin": "Putin",
}
# Characters SentencePiece must know even if the sample texts lack them (numbers, placeholders).
ALPHABET_LINE = "0 1 2 3 4 5 6 7 8 9 " + " ".join(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüß"
)
# Random weights at test size: several layers and heads, like a real model, but fast to build
# and run; its attention carries no alignment at all (tests of honest term statuses).
RANDOM = ModelSize(
    layers=3,
    d_model=256,
    heads=4,
    ffn=512,
    vocab=1200,
    padded_vocab=1200,
    quantization="int8",
    eos_bias=-2.0,
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
    return [line for line in out if line] + [ALPHABET_LINE] * 3


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


def _mirrored(features: np.ndarray) -> np.ndarray:
    """Store every feature as (+x, -x): vectors then have mean 0, so layer norm only rescales."""
    return np.concatenate([features, -features], axis=-1)


def _alias_free_frequencies(count: int, max_positions: int, seed: int) -> np.ndarray:
    """Position-encoding frequencies whose dot-product peak at distance 0 stands out clearly."""
    best: tuple[float, np.ndarray] | None = None
    deltas = np.arange(1, max_positions)[:, None]
    for attempt in range(50):
        rates = np.sort(np.random.RandomState(seed + attempt).uniform(0.15, 3.0, count))
        worst = float(np.cos(deltas * rates).sum(axis=1).max())
        if best is None or worst < best[0]:
            best = (worst, rates)
    assert best is not None
    return best[1]


def lexical_spec(
    size: ModelSize, vocabulary: list[str], lexicon: dict[str, str], seed: int
) -> transformer_spec.TransformerSpec:
    """A 1-layer Transformer that emits lexicon[source token t] (or the token itself) at step t.

    Residual stream (each half mirrored): [position sin/cos | token identity | end flag].
    Encoder: embeddings carry the token, position encodings the position; its layer adds nothing.
    Decoder: embeddings are zero, so step t holds only position t. Cross-attention queries with
    that position and, sharply, finds source position t; its value brings back the source token
    and *minus* the source position. The feed-forward layer turns any remaining position
    difference (there is none while t < source length) into the end flag, which only the `</s>`
    row of the projection reads. Projection row j sums the token vectors of sources mapped to j.
    """
    d, half = size.d_model, size.d_model // 2
    n_freq = 20
    positions_width = 2 * n_freq
    token_width = half - positions_width - 1
    end_flag = half - 1
    rng = np.random.RandomState(seed)
    rates = _alias_free_frequencies(n_freq, MAX_POSITIONS, seed)
    steps = np.arange(MAX_POSITIONS, dtype=np.float64)[:, None]
    encodings = np.zeros((MAX_POSITIONS, half), dtype=np.float32)
    encodings[:, 0:positions_width:2] = np.sin(steps * rates)
    encodings[:, 1:positions_width:2] = np.cos(steps * rates)
    encodings = _mirrored(encodings)  # squared norm 2·n_freq
    v = len(vocabulary)
    token_vectors = rng.standard_normal((v, token_width)).astype(np.float32)
    token_vectors *= np.sqrt(n_freq) / np.linalg.norm(token_vectors, axis=1, keepdims=True)
    token_half = np.zeros((v, half), dtype=np.float32)
    token_half[:, positions_width:end_flag] = token_vectors

    spec = transformer_spec.TransformerSpec.from_config((1, 1), size.heads)
    encoder, decoder = spec.encoder, spec.decoder

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(d, dtype=np.float32)
        layer_norm.beta = np.zeros(d, dtype=np.float32)

    def set_linear(linear: object, weight: np.ndarray, bias: np.ndarray | None = None) -> None:
        linear.weight = weight.astype(np.float32)
        linear.bias = (np.zeros(weight.shape[0]) if bias is None else bias).astype(np.float32)

    def silent_sublayers(layer: object) -> None:
        norm(layer.self_attention.layer_norm)
        set_linear(layer.self_attention.linear[0], np.zeros((3 * d, d)))
        set_linear(layer.self_attention.linear[1], np.zeros((d, d)))

    encoder.embeddings[0].weight = _mirrored(token_half) / np.sqrt(d)  # CT2 scales by √d
    encoder.position_encodings.encodings = encodings
    norm(encoder.layer_norm)
    encoder_layer = encoder.layer[0]
    silent_sublayers(encoder_layer)
    norm(encoder_layer.ffn.layer_norm)
    set_linear(encoder_layer.ffn.linear_0, np.zeros((size.ffn, d)))
    set_linear(encoder_layer.ffn.linear_1, np.zeros((d, size.ffn)))
    encoder_scale = np.sqrt(4 * n_freq / d)  # std of (token + position): layer norm divides by it
    decoder_scale = np.sqrt(2 * n_freq / d)  # std of a position alone

    decoder.embeddings.weight = np.zeros((v, d), dtype=np.float32)
    decoder.position_encodings.encodings = encodings
    norm(decoder.layer_norm)
    layer = decoder.layer[0]
    silent_sublayers(layer)
    norm(layer.attention.layer_norm)
    sharpness = 40.0
    query, key, value = (np.zeros((d, d)) for _ in range(3))
    for i in range(positions_width):
        query[i, i] = sharpness * decoder_scale
        key[i, i] = encoder_scale
        value[i, i] = value[half + i, half + i] = -encoder_scale
    for i in range(positions_width, end_flag):
        value[i, i] = value[half + i, half + i] = encoder_scale
    set_linear(layer.attention.linear[0], query)
    set_linear(layer.attention.linear[1], np.concatenate([key, value]))
    set_linear(layer.attention.linear[2], np.eye(d))

    norm(layer.ffn.layer_norm)
    assert size.ffn >= 2 * positions_width
    expand, collapse = np.zeros((size.ffn, d)), np.zeros((d, size.ffn))
    threshold = np.zeros(size.ffn)
    for i in range(positions_width):
        for unit, sign in ((2 * i, 1.0), (2 * i + 1, -1.0)):
            expand[unit, i] = sign
            threshold[unit] = -0.05 / decoder_scale
            collapse[end_flag, unit] = 20.0 * decoder_scale
            collapse[half + end_flag, unit] = -20.0 * decoder_scale
    set_linear(layer.ffn.linear_0, expand, threshold)
    set_linear(layer.ffn.linear_1, collapse)

    index = {piece: i for i, piece in enumerate(vocabulary)}
    projection = np.zeros((v, d))
    bias = np.zeros(v)
    for i, piece in enumerate(vocabulary):
        j = index.get(lexicon.get(piece, piece), i)
        projection[j, positions_width:end_flag] += 2.0 * token_vectors[i]
        projection[j, half + positions_width : half + end_flag] -= 2.0 * token_vectors[i]
        if piece.startswith("<") and piece.endswith(">") and piece not in ("</s>", "<unk>"):
            bias[i] = -50.0
    eos = index["</s>"]
    projection[eos, :] = 0.0
    projection[eos, end_flag], projection[eos, half + end_flag] = 30.0, -30.0
    set_linear(decoder.projection, projection, bias)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def piece_lexicon(vocabulary: list[str], words: dict[str, str]) -> dict[str, str]:
    """Word pairs as word-initial SentencePiece pieces, kept where both words are single pieces."""
    pieces = set(vocabulary)
    return {
        f"▁{german}": f"▁{english}"
        for german, english in words.items()
        if f"▁{german}" in pieces and f"▁{english}" in pieces
    }


def build_package_dir(size: ModelSize, out_dir: Path, seed: int = 1234) -> Path:
    """Write an unpacked package folder `out_dir/translate-de_en-1_0` and return it."""
    package_dir = out_dir / "translate-de_en-1_0"
    (package_dir / "model").mkdir(parents=True, exist_ok=True)
    sp_model = train_sentencepiece(size.vocab)
    (package_dir / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary += [f"<extra_{i}>" for i in range(size.padded_vocab - len(vocabulary))]
    if size is TINY:
        spec = lexical_spec(size, vocabulary, piece_lexicon(vocabulary, TINY_LEXICON), seed)
    else:
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
        "# Wortlaut test model (German → English)\n\nHand-set or random weights, built by "
        "tools/build_test_model.py. It translates word by word at best; it exists to test the "
        "loading, translation and terminology code offline.\n"
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
    parser.add_argument(
        "--random",
        type=Path,
        metavar="DIR",
        help="write an unpacked small random-weight package folder into DIR instead",
    )
    args = parser.parse_args()
    if args.random:
        print(f"wrote {build_package_dir(RANDOM, args.random)}")
        return
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
