export type { ByteSource, ReadableStreamLike } from "./byte-source.js";
export { type DecodeOptions, decode } from "./decode.js";
export { type EncodeAllOptions, encode, encodeAll } from "./encode.js";
export {
  AbortError,
  BadLengthCharacterError,
  LengthOverflowError,
  RecordIOError,
  type RecordIOErrorCode,
  RecordTooLargeError,
  TruncatedRecordError,
} from "./errors.js";
export { DEFAULT_MAX_RECORD_BYTES, MAX_LENGTH_DIGITS } from "./limits.js";
export { RecordIODecoder, type RecordIODecoderOptions } from "./recordio-decoder.js";
export { RecordIOEncoderStream } from "./recordio-encoder-stream.js";
