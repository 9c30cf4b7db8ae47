"""A tiny ONNX model with a Piper voice's inputs and output (Piper's own tests do the same): CI has no real
voice file. It answers each phoneme id with 64 samples of a tone, times the length scale, so what it makes
grows with the text and shrinks when asked to read faster, and is never silent."""
from __future__ import annotations

import json
from pathlib import Path

SAMPLE_RATE = 22050
ALPHABET = "^_$ abcdefghijklmnopqrstuvwxyzɐɑɒæɓʙβɔɕçɗɖðʤəɘɚɛɜɝɞɟʄɡɠɢʛɦɧħɥʜɨɪʝɭɬɫɮʟɱɯɰŋɳɲɴøɵɸθœɶʘɹɺɾɻʀʁɽʂʃʈʧʉʊʋⱱʌɣɤʍχʎʏʑʐʒʔʡʕʢǀǁǂǃˈˌːˑʼʴʰʱʲʷˠˤ˞↓↑→↗↘̩̆0123456789,.;:!?-"


def write_tiny_voice(folder: Path, name: str = "vi_VN-thu-x_low", language: str = "vi") -> Path:
    import onnx
    from onnx import TensorProto, helper
    folder.mkdir(parents=True, exist_ok=True)
    nodes = [
        helper.make_node("Cast", ["input_lengths"], ["length_f"], to=TensorProto.FLOAT),
        helper.make_node("Constant", [], ["index"], value=helper.make_tensor("i", TensorProto.INT64, [], [1])),
        helper.make_node("Gather", ["scales", "index"], ["length_scale"], axis=0),
        helper.make_node("Constant", [], ["per_id"], value=helper.make_tensor("p", TensorProto.FLOAT, [], [64.0])),
        helper.make_node("Mul", ["length_f", "per_id"], ["samples_raw"]),
        helper.make_node("Mul", ["samples_raw", "length_scale"], ["samples_f"]),
        helper.make_node("Cast", ["samples_f"], ["samples_1"], to=TensorProto.INT64),
        helper.make_node("Constant", [], ["axis0"], value=helper.make_tensor("a", TensorProto.INT64, [1], [0])),
        helper.make_node("Squeeze", ["samples_1", "axis0"], ["samples"]),
        helper.make_node("Constant", [], ["zero"], value=helper.make_tensor("z", TensorProto.INT64, [], [0])),
        helper.make_node("Constant", [], ["one"], value=helper.make_tensor("o", TensorProto.INT64, [], [1])),
        helper.make_node("Range", ["zero", "samples", "one"], ["steps"]),
        helper.make_node("Cast", ["steps"], ["steps_f"], to=TensorProto.FLOAT),
        helper.make_node("Constant", [], ["omega"],
                         value=helper.make_tensor("w", TensorProto.FLOAT, [], [2 * 3.14159265 * 220 / SAMPLE_RATE])),
        helper.make_node("Mul", ["steps_f", "omega"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        helper.make_node("Constant", [], ["gain"], value=helper.make_tensor("g", TensorProto.FLOAT, [], [0.3])),
        helper.make_node("Mul", ["wave", "gain"], ["quiet"]),
        helper.make_node("Constant", [], ["shape"], value=helper.make_tensor("s", TensorProto.INT64, [4], [1, 1, 1, -1])),
        helper.make_node("Reshape", ["quiet", "shape"], ["output"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_piper",
        [helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
         helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
         helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, 1, "samples"])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    config = {"audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"}, "espeak": {"voice": language},
              "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8}, "num_speakers": 1,
              "phoneme_type": "espeak", "phoneme_id_map": {c: [i] for i, c in enumerate(dict.fromkeys(ALPHABET))}}
    path.with_name(path.name + ".json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path
