import { encode } from "./encode.js";

/**
 * WHATWG TransformStream that frames each written Uint8Array as one RecordIO record:
 * `records.pipeThrough(new RecordIOEncoderStream())`. Backpressure is the platform's.
 */
export class RecordIOEncoderStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor() {
    super({
      transform(record, controller) {
        controller.enqueue(encode(record));
      },
    });
  }
}
