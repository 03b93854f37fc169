// The protobuf.webpubsub.azure.v1 / protobuf.reliable.webpubsub.azure.v1 messages as a protobufjs
// reflection definition, written from the field numbers documented in
// reference-protobuf-(reliable-)webpubsub-subprotocol.md and used by the official clients (sequence
// ack 8, ping 9 / pong 4, json_data 4, message metadata). Names are camelCase; the wire uses the ids.
import protobuf from 'protobufjs/light.js';

const uint64 = (id: number) => ({ type: 'uint64', id });
const string = (id: number) => ({ type: 'string', id });
const metadata = (id: number) => ({ keyType: 'string', type: 'string', id });

const definition = {
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: { Any: { fields: { type_url: string(1), value: { type: 'bytes', id: 2 } } } },
        },
      },
    },
    MessageData: {
      oneofs: { data: { oneof: ['textData', 'binaryData', 'protobufData', 'jsonData'] } },
      fields: {
        textData: string(1),
        binaryData: { type: 'bytes', id: 2 },
        protobufData: { type: 'google.protobuf.Any', id: 3 },
        jsonData: string(4),
      },
    },
    UpstreamMessage: {
      oneofs: {
        message: {
          oneof: [
            'sendToGroupMessage',
            'eventMessage',
            'joinGroupMessage',
            'leaveGroupMessage',
            'sequenceAckMessage',
            'pingMessage',
          ],
        },
      },
      fields: {
        sendToGroupMessage: { type: 'SendToGroupMessage', id: 1 },
        eventMessage: { type: 'EventMessage', id: 5 },
        joinGroupMessage: { type: 'JoinGroupMessage', id: 6 },
        leaveGroupMessage: { type: 'LeaveGroupMessage', id: 7 },
        sequenceAckMessage: { type: 'SequenceAckMessage', id: 8 },
        pingMessage: { type: 'PingMessage', id: 9 },
      },
      nested: {
        SendToGroupMessage: {
          fields: {
            group: string(1),
            ackId: uint64(2),
            data: { type: 'MessageData', id: 3 },
            noEcho: { type: 'bool', id: 4 },
            ttlSeconds: { type: 'uint32', id: 5 },
            metadata: metadata(6),
          },
        },
        EventMessage: {
          fields: {
            event: string(1),
            data: { type: 'MessageData', id: 2 },
            ackId: uint64(3),
            metadata: metadata(4),
          },
        },
        JoinGroupMessage: { fields: { group: string(1), ackId: uint64(2) } },
        LeaveGroupMessage: { fields: { group: string(1), ackId: uint64(2) } },
        SequenceAckMessage: { fields: { sequenceId: uint64(1) } },
        PingMessage: { fields: {} },
      },
    },
    DownstreamMessage: {
      oneofs: {
        message: { oneof: ['ackMessage', 'dataMessage', 'systemMessage', 'pongMessage'] },
      },
      fields: {
        ackMessage: { type: 'AckMessage', id: 1 },
        dataMessage: { type: 'DataMessage', id: 2 },
        systemMessage: { type: 'SystemMessage', id: 3 },
        pongMessage: { type: 'PongMessage', id: 4 },
      },
      nested: {
        AckMessage: {
          fields: {
            ackId: uint64(1),
            success: { type: 'bool', id: 2 },
            error: { type: 'ErrorMessage', id: 3 },
          },
          nested: { ErrorMessage: { fields: { name: string(1), message: string(2) } } },
        },
        DataMessage: {
          fields: {
            from: string(1),
            group: string(2),
            data: { type: 'MessageData', id: 3 },
            sequenceId: uint64(4),
            metadata: metadata(5),
          },
        },
        SystemMessage: {
          oneofs: { message: { oneof: ['connectedMessage', 'disconnectedMessage'] } },
          fields: {
            connectedMessage: { type: 'ConnectedMessage', id: 1 },
            disconnectedMessage: { type: 'DisconnectedMessage', id: 2 },
          },
          nested: {
            ConnectedMessage: {
              fields: { connectionId: string(1), userId: string(2), reconnectionToken: string(3) },
            },
            DisconnectedMessage: { fields: { reason: string(2) } },
          },
        },
        PongMessage: { fields: {} },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(definition);

export const UpstreamMessage = root.lookupType('UpstreamMessage');
export const DownstreamMessage = root.lookupType('DownstreamMessage');
export const AnyMessage = root.lookupType('google.protobuf.Any');
