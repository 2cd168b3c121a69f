//! Search phrases as a string or a list: the seed passes `"keywords": "Data Engineer"`, the
//! app a list. A string is one phrase (a blank one: none), as is each list item; anything else
//! is refused naming the field. Use with `#[serde(deserialize_with = "keywords::deserialize")]`
//! and `#[schemars(schema_with = "keywords::schema")]` on a `Vec<String>`.

use std::fmt;

use schemars::{json_schema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A string is one phrase (a blank one: none), a list is its items; anything else is refused.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Phrases;
    impl<'de> Visitor<'de> for Phrases {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(if v.trim().is_empty() { Vec::new() } else { vec![v.to_owned()] })
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(Phrases)
}

/// "A string or an array of strings".
pub fn schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } }
        ]
    })
}
