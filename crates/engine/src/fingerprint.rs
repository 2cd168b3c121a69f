//! Stable fingerprints of JSON values: canonical text (object keys sorted at every level,
//! whatever map order serde_json was built with) and its SHA-256. Used for input hashes
//! (restart-from-failure matches on task name + input hash) and cache keys.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Compact JSON with object keys sorted recursively.
pub fn canonical_json(value: &Value) -> String {
    let mut out = Vec::with_capacity(64);
    write_canonical(value, &mut out);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(key, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

/// A string or a scalar as serde_json writes it (escapes, number formats).
fn write_scalar(value: &(impl serde::Serialize + ?Sized), out: &mut Vec<u8>) {
    serde_json::to_writer(out, value).expect("a string or a scalar always serializes");
}

/// Hex SHA-256 of the given parts, separated so that ("ab","c") != ("a","bc").
pub fn hash_parts(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_does_not_matter() {
        let a = json!({"b": 1, "a": {"y": [1, {"d": 2, "c": 3}], "x": null}});
        let b: Value = serde_json::from_str(r#"{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(canonical_json(&a), r#"{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1}"#);
    }

    #[test]
    fn parts_are_delimited() {
        assert_ne!(hash_parts(&["ab", "c"]), hash_parts(&["a", "bc"]));
        // Stored input hashes must stay comparable across versions (restart from failure):
        // SHA-256 over each part's length (u64, little-endian) and bytes, in lowercase hex.
        assert_eq!(hash_parts(&["x"]), "f91b14e7bbea4c5bfa0e1a704017716659f4910e557b869f226a69652d2a6f12");
        assert_eq!(
            hash_parts(&["ab", "c"]),
            "43ee655579de01ca739b3f95c1c2d3f46d353b2c0df818064ea594506cdb2617"
        );
    }

    #[test]
    fn strings_are_escaped_as_serde_json_writes_them() {
        let value = json!({"quote\"d é": "line\nbreak\u{1}", "n": [1.5, -2, 1e300]});
        let expected = r#"{"n":[1.5,-2,1e+300],"quote\"d é":"line\nbreak\u0001"}"#;
        assert_eq!(canonical_json(&value), expected);
    }
}
