/**
 * Base64 for file bytes sent over IPC (`draftCv`'s `contentBase64`). Encoded in chunks whose
 * length is a multiple of 3, so each chunk's base64 joins the next without padding and no
 * call gets millions of arguments (a 20 MB file must not overflow the stack).
 */

/** Bytes per chunk: a multiple of 3 (no padding inside the output), small enough for `apply`. */
const CHUNK = 3 * 8192;

/** Standard base64 (with `=` padding) of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const chunk = bytes.subarray(start, start + CHUNK);
    parts.push(btoa(String.fromCharCode.apply(null, chunk as unknown as number[])));
  }
  return parts.join("");
}

/** A picked file's bytes (FileReader: `Blob.arrayBuffer()` is missing in older webviews). */
export function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsArrayBuffer(file);
  });
}

/** A picked file as base64. */
export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(await readBytes(file));
}
