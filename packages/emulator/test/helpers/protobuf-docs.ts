// The Web PubSub protobuf subprotocol messages as the docs print them
// (reference-protobuf-reliable-webpubsub-subprotocol.md), plus the fields the official JS client's
// client.proto adds (sequence_ack_message = 8, json_data = 4) and ping/pong (9 / 4) and metadata, as
// .proto text parsed by protobufjs: an encoder independent of the emulator's own schema.
import protobuf from 'protobufjs';

const proto = `
syntax = "proto3";

message UpstreamMessage {
  oneof message {
    SendToGroupMessage send_to_group_message = 1;
    EventMessage event_message = 5;
    JoinGroupMessage join_group_message = 6;
    LeaveGroupMessage leave_group_message = 7;
    SequenceAckMessage sequence_ack_message = 8;
    PingMessage ping_message = 9;
  }
  message SendToGroupMessage {
    string group = 1;
    optional uint64 ack_id = 2;
    MessageData data = 3;
    optional bool no_echo = 4;
    map<string, string> metadata = 6;
  }
  message EventMessage {
    string event = 1;
    MessageData data = 2;
    optional uint64 ack_id = 3;
    map<string, string> metadata = 4;
  }
  message JoinGroupMessage { string group = 1; optional uint64 ack_id = 2; }
  message LeaveGroupMessage { string group = 1; optional uint64 ack_id = 2; }
  message SequenceAckMessage { uint64 sequence_id = 1; }
  message PingMessage {}
}

message MessageData {
  oneof data {
    string text_data = 1;
    bytes binary_data = 2;
    google.protobuf.Any protobuf_data = 3;
    string json_data = 4;
  }
}

message DownstreamMessage {
  oneof message {
    AckMessage ack_message = 1;
    DataMessage data_message = 2;
    SystemMessage system_message = 3;
    PongMessage pong_message = 4;
  }
  message AckMessage {
    uint64 ack_id = 1;
    bool success = 2;
    optional ErrorMessage error = 3;
    message ErrorMessage { string name = 1; string message = 2; }
  }
  message DataMessage {
    string from = 1;
    optional string group = 2;
    MessageData data = 3;
    uint64 sequence_id = 4;
    map<string, string> metadata = 5;
  }
  message SystemMessage {
    oneof message {
      ConnectedMessage connected_message = 1;
      DisconnectedMessage disconnected_message = 2;
    }
    message ConnectedMessage {
      string connection_id = 1;
      string user_id = 2;
      string reconnection_token = 3;
    }
    message DisconnectedMessage { string reason = 2; }
  }
  message PongMessage {}
}
`;

// google/protobuf/any.proto, the well-known type the schema imports.
const anyProto = `syntax = "proto3"; package google.protobuf;
message Any { string type_url = 1; bytes value = 2; }`;
const root = new protobuf.Root();
protobuf.parse(anyProto, root, { keepCase: true });
protobuf.parse(proto, root, { keepCase: false });
const Upstream = root.lookupType('UpstreamMessage');
const Downstream = root.lookupType('DownstreamMessage');
export const Any = root.lookupType('google.protobuf.Any');

/** Encodes an UpstreamMessage given as a plain object (camelCase field names). */
export function upstream(message: Record<string, unknown>): Uint8Array {
  const error = Upstream.verify(message);
  if (error) throw new Error(`Not an UpstreamMessage: ${error}`);
  return Upstream.encode(Upstream.fromObject(message)).finish();
}

/** Decodes a DownstreamMessage into a plain object (uint64 as numbers, bytes as Buffers). */
// biome-ignore lint/suspicious/noExplicitAny: tests read the decoded message field by field
export function downstream(bytes: Uint8Array): Record<string, any> {
  return Downstream.toObject(Downstream.decode(bytes), {
    longs: Number,
    bytes: Buffer,
    oneofs: true,
  });
}
