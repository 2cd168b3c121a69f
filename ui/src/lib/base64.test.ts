import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { bytesToBase64, fileToBase64 } from "./base64";

describe("bytesToBase64", () => {
  it("encodes short inputs with padding", () => {
    const enc = (s: string) => bytesToBase64(new TextEncoder().encode(s));
    expect(enc("")).toBe("");
    expect(enc("f")).toBe("Zg==");
    expect(enc("fo")).toBe("Zm8=");
    expect(enc("foo")).toBe("Zm9v");
    expect(enc("foob")).toBe("Zm9vYg==");
    expect(enc("Grüße")).toBe(Buffer.from("Grüße", "utf8").toString("base64"));
  });

  it("encodes every byte value", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("encodes 20 MB across chunk boundaries without overflowing the stack", () => {
    const bytes = new Uint8Array(20 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + 7) & 0xff;
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });
});

describe("fileToBase64", () => {
  it("reads a File's bytes", async () => {
    const file = new File(["%PDF-1.7\n\u00ff"], "cv.pdf", { type: "application/pdf" });
    expect(await fileToBase64(file)).toBe(Buffer.from("%PDF-1.7\n\u00ff", "utf8").toString("base64"));
  });
});
