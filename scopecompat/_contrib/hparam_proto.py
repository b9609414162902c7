"""TF 1.15's HParamDef protocol buffer, which TF 2.x does not ship.

TF 1.15 generated `hparam_pb2` from tensorflow/contrib/training/python/training/hparam.proto; the message
class is built here from that file's descriptor, written below in protobuf's text format exactly as TF
1.15.5's `hparam_pb2.DESCRIPTOR` prints it (same package, message, field names, numbers and types), so the
bytes a HParamDef serializes to are TF 1.15's, both ways. The class lives in a private descriptor pool: the
file's name and `tensorflow.HParamDef` cannot clash with anything another library puts in protobuf's default
pool.
"""

_HPARAM_PROTO = """
name: "tensorflow/contrib/training/python/training/hparam.proto"
package: "tensorflow"
syntax: "proto3"
options { cc_enable_arenas: true }
message_type {
  name: "HParamDef"
  field { name: "hparam" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".tensorflow.HParamDef.HparamEntry" }
  nested_type { name: "BytesList"
    field { name: "value" number: 1 label: LABEL_REPEATED type: TYPE_BYTES } }
  nested_type { name: "FloatList"
    field { name: "value" number: 1 label: LABEL_REPEATED type: TYPE_FLOAT options { packed: true } } }
  nested_type { name: "Int64List"
    field { name: "value" number: 1 label: LABEL_REPEATED type: TYPE_INT64 options { packed: true } } }
  nested_type { name: "BoolList"
    field { name: "value" number: 1 label: LABEL_REPEATED type: TYPE_BOOL options { packed: true } } }
  nested_type {
    name: "HParamType"
    field { name: "int64_value" number: 1 label: LABEL_OPTIONAL type: TYPE_INT64 oneof_index: 0 }
    field { name: "float_value" number: 2 label: LABEL_OPTIONAL type: TYPE_FLOAT oneof_index: 0 }
    field { name: "bytes_value" number: 3 label: LABEL_OPTIONAL type: TYPE_BYTES oneof_index: 0 }
    field { name: "bool_value" number: 7 label: LABEL_OPTIONAL type: TYPE_BOOL oneof_index: 0 }
    field { name: "int64_list" number: 4 label: LABEL_OPTIONAL type: TYPE_MESSAGE
            type_name: ".tensorflow.HParamDef.Int64List" oneof_index: 0 }
    field { name: "float_list" number: 5 label: LABEL_OPTIONAL type: TYPE_MESSAGE
            type_name: ".tensorflow.HParamDef.FloatList" oneof_index: 0 }
    field { name: "bytes_list" number: 6 label: LABEL_OPTIONAL type: TYPE_MESSAGE
            type_name: ".tensorflow.HParamDef.BytesList" oneof_index: 0 }
    field { name: "bool_list" number: 8 label: LABEL_OPTIONAL type: TYPE_MESSAGE
            type_name: ".tensorflow.HParamDef.BoolList" oneof_index: 0 }
    oneof_decl { name: "kind" }
  }
  nested_type {
    name: "HparamEntry"
    field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_MESSAGE
            type_name: ".tensorflow.HParamDef.HParamType" }
    options { map_entry: true }
  }
}
"""


def _build_hparam_def():
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, text_format

    file_proto = text_format.Parse(_HPARAM_PROTO, descriptor_pb2.FileDescriptorProto())
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file_proto)
    descriptor = pool.FindMessageTypeByName("tensorflow.HParamDef")
    if hasattr(message_factory, "GetMessageClass"):  # protobuf >= 4.22
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)  # the protobuf 3.20 of TF 2.12's envs


HParamDef = _build_hparam_def()
