"""tf.contrib.seq2seq: TF 1.15's graph-mode seq2seq API, rebuilt on tf.compat.v1 (no maintained package
carries it: tensorflow-addons redesigned it for TF 2 and is end-of-life).

TF 1.15.5's contrib/seq2seq is the spec of behaviour: the same names, arguments, variable names and
results; the conformance family cases/contrib_seq2seq.json holds the evidence. One module per TF 1.15
module: decoder.py (Decoder, dynamic_decode), basic_decoder.py, helper.py, loss.py, attention_wrapper.py.

The legacy table's row "contrib.seq2seq" (scopecompat/_legacy/names.py) points here. Imported on first use,
never at `import scopecompat`.
"""

from scopecompat._contrib.seq2seq.attention_wrapper import (  # noqa: F401
    AttentionMechanism, AttentionWrapper, AttentionWrapperState, BahdanauAttention, BahdanauMonotonicAttention,
    LuongAttention, LuongMonotonicAttention, hardmax, monotonic_attention, safe_cumprod)
from scopecompat._contrib.seq2seq.basic_decoder import BasicDecoder, BasicDecoderOutput  # noqa: F401
from scopecompat._contrib.seq2seq.decoder import Decoder, dynamic_decode  # noqa: F401
from scopecompat._contrib.seq2seq.helper import (  # noqa: F401
    CustomHelper, GreedyEmbeddingHelper, Helper, InferenceHelper, SampleEmbeddingHelper,
    ScheduledEmbeddingTrainingHelper, ScheduledOutputTrainingHelper, TrainingHelper)
from scopecompat._contrib.seq2seq.loss import sequence_loss  # noqa: F401

# Beam search (beam_search_decoder.py) is appended below.
from scopecompat._contrib.seq2seq.beam_search_decoder import (  # noqa: F401,E402
    BeamSearchDecoder, BeamSearchDecoderOutput, BeamSearchDecoderState, FinalBeamSearchDecoderOutput, gather_tree,
    tile_batch)
