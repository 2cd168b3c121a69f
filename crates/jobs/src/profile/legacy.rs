//! Older JSON Resume keys (schema 0.x: `work[].company`, `website`, `picture`, `gpa`) read as
//! the current ones, and keys outside the schema listed. Nothing is dropped: an older key is
//! renamed in place, an unknown key stays where it is; both are reported as warnings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Something the import kept but wants the user to know about, at `field` (a path such as
/// `work[0].company`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileWarning {
    pub field: String,
    pub message: String,
}

/// The keys of one object of the schema (v1.0.0) and the older keys it renamed.
struct Spec {
    keys: &'static [&'static str],
    older: &'static [(&'static str, &'static str)],
}

const fn spec(keys: &'static [&'static str], older: &'static [(&'static str, &'static str)]) -> Spec {
    Spec { keys, older }
}

const BASICS: Spec = spec(
    &["name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"],
    &[("website", "url"), ("picture", "image")],
);
const LOCATION: Spec = spec(&["address", "postalCode", "city", "countryCode", "region"], &[]);
const PROFILE: Spec = spec(&["network", "username", "url"], &[]);
const WEBSITE: &[(&str, &str)] = &[("website", "url")];

/// The array sections and the keys of their items.
const SECTIONS: &[(&str, Spec)] = &[
    (
        "work",
        spec(
            &[
                "name",
                "location",
                "description",
                "position",
                "url",
                "startDate",
                "endDate",
                "summary",
                "highlights",
            ],
            &[("company", "name"), ("website", "url")],
        ),
    ),
    (
        "volunteer",
        spec(&["organization", "position", "url", "startDate", "endDate", "summary", "highlights"], WEBSITE),
    ),
    (
        "education",
        spec(
            &["institution", "url", "area", "studyType", "startDate", "endDate", "score", "courses"],
            &[("gpa", "score")],
        ),
    ),
    ("awards", spec(&["title", "date", "awarder", "summary"], &[])),
    ("certificates", spec(&["name", "date", "url", "issuer"], &[])),
    ("publications", spec(&["name", "publisher", "releaseDate", "url", "summary"], WEBSITE)),
    ("skills", spec(&["name", "level", "keywords"], &[])),
    ("languages", spec(&["language", "fluency"], &[])),
    ("interests", spec(&["name", "keywords"], &[])),
    ("references", spec(&["name", "reference"], &[])),
    (
        "projects",
        spec(
            &[
                "name",
                "description",
                "highlights",
                "keywords",
                "startDate",
                "endDate",
                "url",
                "roles",
                "entity",
                "type",
            ],
            WEBSITE,
        ),
    ),
];

const NOT_IN_SCHEMA: &str = "not part of JSON Resume; kept as it is";

/// Renames older keys in `doc` (a JSON object) to the current ones and lists what it did and
/// every key outside the schema. `preferences` (checked strictly elsewhere), `$schema` and the
/// free-form `meta` are left alone.
pub(crate) fn normalize(doc: &mut Value) -> Vec<ProfileWarning> {
    let mut warnings = Vec::new();
    let Some(top) = doc.as_object_mut() else { return warnings };
    for (key, value) in top.iter_mut() {
        match key.as_str() {
            "$schema" | "preferences" | "meta" => {}
            "basics" => {
                object(value, "basics", &BASICS, &mut warnings);
                let Some(basics) = value.as_object_mut() else { continue };
                if let Some(location) = basics.get_mut("location") {
                    object(location, "basics.location", &LOCATION, &mut warnings);
                }
                if let Some(Value::Array(profiles)) = basics.get_mut("profiles") {
                    for (i, p) in profiles.iter_mut().enumerate() {
                        object(p, &format!("basics.profiles[{i}]"), &PROFILE, &mut warnings);
                    }
                }
            }
            section => match SECTIONS.iter().find(|(name, _)| *name == section) {
                Some((_, spec)) => {
                    if let Value::Array(items) = value {
                        for (i, item) in items.iter_mut().enumerate() {
                            object(item, &format!("{section}[{i}]"), spec, &mut warnings);
                        }
                    }
                }
                None => warnings.push(warning(key.clone(), NOT_IN_SCHEMA.into())),
            },
        }
    }
    warnings
}

/// Checks one object (anything else is left to the typed parse to refuse).
fn object(value: &mut Value, path: &str, spec: &Spec, warnings: &mut Vec<ProfileWarning>) {
    let Some(map) = value.as_object_mut() else { return };
    for (old, new) in spec.older {
        rename(map, path, old, new, warnings);
    }
    for key in map.keys() {
        let older = spec.older.iter().any(|(old, _)| old == key);
        if !older && !spec.keys.contains(&key.as_str()) {
            warnings.push(warning(format!("{path}.{key}"), NOT_IN_SCHEMA.into()));
        }
    }
}

fn rename(
    map: &mut Map<String, Value>,
    path: &str,
    old: &str,
    new: &str,
    warnings: &mut Vec<ProfileWarning>,
) {
    if !map.contains_key(old) {
        return;
    }
    let message = if map.contains_key(new) {
        format!("older JSON Resume key; {path}.{new} is given too and is used, this one is kept as it is")
    } else {
        let value = map.remove(old).unwrap_or_default();
        map.insert(new.to_owned(), value);
        format!("older JSON Resume key, read as {path}.{new}")
    };
    warnings.push(warning(format!("{path}.{old}"), message));
}

fn warning(field: String, message: String) -> ProfileWarning {
    ProfileWarning { field, message }
}
